/* dirlock.h: one mipsbake at a time in a build directory, its children included */
#ifndef MIPSBAKE_DIRLOCK_H
#define MIPSBAKE_DIRLOCK_H

/* the lock file in the build directory */
#define DIRLOCK_FILE ".mipsbake-lock"

/*
 * Take the exclusive lock of build directory dir (made when missing) for the rest of this
 * process. The lock is a flock() on DIRLOCK_FILE whose descriptor every child inherits:
 * Ninja and each compiler it starts hold it too, so a run killed with SIGKILL keeps the
 * directory locked until its last orphaned compiler exits. When another run holds it, say
 * "waiting for another mipsbake in DIR (pid N)" and wait, or with no_wait fail at once. A
 * process that inherited the lock of dir (the regeneration Ninja runs) takes it as held.
 * Returns 0, or -1 after reporting.
 */
int dirlock_take(const char *dir, int no_wait);
/* let the lock go before starting what must not hold it (an interactive program) */
void dirlock_drop(void);
/* keep holding the lock, but let no process started from now on inherit it (the programs a
 * smoke test runs: one that forks into the background would hold the directory) */
void dirlock_keep_private(void);

#endif
