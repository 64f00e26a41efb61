int x;
void f(void)
{
    atomic {
        if (x)
            break;
        x++;
    }
}
// RUN: atomicc %s
// STATUS: 1
// STDERR: %s:6:13: error: break statement not within loop or switch
// STDERR:              break;
// STDERR:              ^
