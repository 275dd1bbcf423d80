/* tests.h: package test binaries, planned as go test builds them */
#ifndef MIPSBAKE_PLAN_TESTS_H
#define MIPSBAKE_PLAN_TESTS_H

#include "plan/plan.h"

/*
 * Plan the test binaries of every 'tests:' of the manifest into p->tests, after plan_make
 * (a package's test is built in its target's configurations), fetching what they import
 * the first time; -1 after reporting. plan_release frees them.
 */
int plan_tests(struct plan *p);

#endif
