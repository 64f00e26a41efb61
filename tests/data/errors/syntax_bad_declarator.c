int 3count;
// RUN: atomicc %s
// STATUS: 1
// STDERR: %s:1:4: error: expected ';' or '(' before '3count'
// STDERR:  int 3count;
// STDERR:     ^
