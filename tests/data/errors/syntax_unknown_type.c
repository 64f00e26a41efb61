foo_t x;
// RUN: atomicc %s
// STATUS: 1
// STDERR: %s:1:1: error: unknown type name 'foo_t'
// STDERR:  foo_t x;
// STDERR:  ^
