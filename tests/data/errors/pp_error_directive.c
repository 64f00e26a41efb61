#ifndef CONFIGURED
#error "run ./configure first"
#endif
int x;
// RUN: atomicc %s
// STATUS: 1
// STDERR: %s:2:2: error: #error "run ./configure first"
// STDERR:  #error "run ./configure first"
// STDERR:   ^
