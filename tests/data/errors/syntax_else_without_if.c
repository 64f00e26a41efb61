int x;
void f(void)
{
    else x = 1;
}
// RUN: atomicc %s
// STATUS: 1
// STDERR: %s:4:5: error: expected expression before 'else'
// STDERR:      else x = 1;
// STDERR:      ^
