long total;
static long next_id(void)
{
    static long counter;
    return ++counter;
}
void f(void)
{
    atomic { total += next_id(); }
}
// RUN: atomicc --strategy=stm %s
// STATUS: 1
// STDERR: %s:9:5: error: strategy 'stm' cannot be used for this atomic block: it calls 'next_id', which has a static local variable ('counter'): its transactional clone would have a second one (make it a file-scope static)
// STDERR:      atomic { total += next_id(); }
// STDERR:      ^
// STDERR: %s:4:17: note: 'counter' is a static local of 'next_id': its transactional clone would be a second object
// STDERR:      static long counter;
// STDERR:                  ^
// STDERR: %s:9:23: note: 'next_id' is called here
// STDERR:      atomic { total += next_id(); }
// STDERR:                        ^
