int x;
/* this comment is never closed
int main(void) { return 0; }
// RUN: atomicc %s
// STATUS: 1
// STDERR: %s:2:1: error: unterminated comment
// STDERR:  /* this comment is never closed
// STDERR:  ^
