int (*)handler(int);
// RUN: atomicc %s
// STATUS: 1
// STDERR: %s:1:7: error: expected '(' before ')'
// STDERR:  int (*)handler(int);
// STDERR:        ^
