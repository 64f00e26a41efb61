int a[3 = {1};
// RUN: atomicc %s
// STATUS: 1
// STDERR: %s:1:11: error: expected expression before '{'
// STDERR:  int a[3 = {1};
// STDERR:            ^
