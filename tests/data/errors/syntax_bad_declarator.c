int 3count;
// RUN: atomicc %s
// STATUS: 1
// STDERR: %s:1:5: error: expected identifier before '3count'
// STDERR:  int 3count;
// STDERR:      ^
