struct flags { unsigned ready : 1; unsigned busy : 1; };
struct flags st;
long n;
void f(void)
{
    atomic {
        st.busy = 1;
        if (n == 0)
            retry;
        n--;
    }
}
// RUN: atomicc --strategy=global %s
// STATUS: 1
// STDERR: %s:7:9: error: cannot undo-log the store to bit-field 'busy' in a block that can retry
// STDERR:          st.busy = 1;
// STDERR:          ^
// STDERR: atomicc: note: store the bit-field after the block's last retry, outside the block, or use a plain integer field
