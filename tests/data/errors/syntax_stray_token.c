int x @ 3;
// RUN: atomicc %s
// STATUS: 1
// STDERR: %s:1:7: error: stray '@' in program
// STDERR:  int x @ 3;
// STDERR:        ^
