int f(void)
{
    return 1 +;
}
// RUN: atomicc %s
// STATUS: 1
// STDERR: %s:3:15: error: expected expression before ';'
// STDERR:      return 1 +;
// STDERR:                ^
