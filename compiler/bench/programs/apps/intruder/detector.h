/* detector.h - signature matching on reassembled flows. */
#ifndef INTRUDER_DETECTOR_H
#define INTRUDER_DETECTOR_H

int detector_count(void);
const char *detector_signature(int i);
/* Index of the first signature found in data[0..len), or -1. */
int detector_scan(const char *data, int len);

#endif
