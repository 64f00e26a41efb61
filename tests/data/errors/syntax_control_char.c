int x;
int y;
// RUN: atomicc %s
// STATUS: 1
// STDERR: %s:2:5: error: stray '\001' in program (is this a text file?)
// STDERR:  int y;
// STDERR:      ^
