/* The monotonic clock in milliseconds, for deadlines and intervals: it
 * never jumps when the wall clock is set. Any thread may call it. */
#ifndef RACKCON_CLOCK_H
#define RACKCON_CLOCK_H

long long clock_now_ms(void);

#endif
