#include <no_such_header_atomicc.h>
int x;
// RUN: atomicc %s
// STATUS: 1
// STDERR: %s:1:10: error: no_such_header_atomicc.h: No such file or directory
// STDERR:  #include <no_such_header_atomicc.h>
// STDERR:           ^
