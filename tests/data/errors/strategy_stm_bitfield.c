struct flags { unsigned ready : 1; unsigned busy : 1; };
struct flags st;
void f(void)
{
    atomic { st.ready = 1; }
}
// RUN: atomicc --strategy=stm %s
// STATUS: 1
// STDERR: %s:5:5: error: strategy 'stm' cannot be used for this atomic block: it accesses the bit-field 'ready', which has no address for the STM to track
// STDERR:      atomic { st.ready = 1; }
// STDERR:      ^
// STDERR: %s:5:14: note: the bit-field is accessed here
// STDERR:      atomic { st.ready = 1; }
// STDERR:               ^
