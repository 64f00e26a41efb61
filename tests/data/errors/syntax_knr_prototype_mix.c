int add(int a, b)
{
    return a + b;
}
// RUN: atomicc %s
// STATUS: 1
// STDERR: %s:1:16: error: expected declaration specifiers (a type) before 'b'
// STDERR:  int add(int a, b)
// STDERR:                 ^
