const char *greeting = "hello;
int main(void) { return 0; }
// RUN: atomicc %s
// STATUS: 1
// STDERR: %s:1:24: error: missing terminating " character
// STDERR:  const char *greeting = "hello;
// STDERR:                         ^
