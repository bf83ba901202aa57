// sendband-app --bench: measures, on the database given with --db, the time from start to the
// window shown and interactive, a filter change reflected on screen, a sort, and a needs-profile
// edit re-computed and shown; prints the figures and quits. A benchmark to run and report
// (docs/performance.md), not a test: timings on a shared machine vary.
#pragma once
#include <QElapsedTimer>

class QQmlApplicationEngine;

// `sinceStart` was started first thing in main().
void runBench(QQmlApplicationEngine& engine, const QElapsedTimer& sinceStart);
