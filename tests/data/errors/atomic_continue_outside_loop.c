int x;
void f(void)
{
    atomic {
        if (x)
            continue;
        x++;
    }
}
// RUN: atomicc %s
// STATUS: 1
// STDERR: %s:6:13: error: continue statement not within a loop
// STDERR:              continue;
// STDERR:              ^
