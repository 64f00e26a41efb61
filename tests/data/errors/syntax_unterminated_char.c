int c = 'a;
// RUN: atomicc %s
// STATUS: 1
// STDERR: %s:1:9: error: missing terminating ' character
// STDERR:  int c = 'a;
// STDERR:          ^
