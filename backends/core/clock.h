/* The monotonic clock in milliseconds, for deadlines and intervals: it
 * never jumps when the wall clock is set. Any thread may call it. In
 * microseconds for what takes less than a millisecond (drawing a frame). */
#ifndef RACKCON_CLOCK_H
#define RACKCON_CLOCK_H

long long clock_now_ms(void);
long long clock_now_us(void);

#endif
