extern void touch(long *p);
long x;
void f(void)
{
    atomic { touch(&x); }
}
// RUN: atomicc --strategy=pervar %s
// STATUS: 1
// STDERR: %s:5:5: error: strategy 'pervar' cannot be used for this atomic block: the call at %s:5:14 calls 'touch', whose body is in no file of the program (it may touch any memory), so its locations are unknown
// STDERR:      atomic { touch(&x); }
// STDERR:      ^
// STDERR: %s:5:14: note: the call is here
// STDERR:      atomic { touch(&x); }
// STDERR:               ^
