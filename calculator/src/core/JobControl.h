// JobControl: progress and cancellation for long whole-caseload jobs (import, reband, impact,
// audit verify, consistency), shared between the thread doing the work and the one showing it.
// The worker adds to `done` as it goes and polls `cancelled()` between batches (never per
// profile, so the engine stays fast); a cancelled job throws JobCancelled before it commits,
// so the store is exactly as it was. No clock, no Qt: the app polls `done`/`total` on a timer.
#pragma once
#include <atomic>
#include <cstddef>
#include <functional>
#include <stdexcept>
#include <string>

namespace sendband {

class JobControl {
public:
    void cancel() { cancelled_.store(true, std::memory_order_relaxed); }
    bool cancelled() const { return cancelled_.load(std::memory_order_relaxed); }

    // What the job is doing now ("Reading plans", "Banding", "Writing"), and how far through it is.
    void stage(const char* name, std::size_t total) {
        stage_.store(name, std::memory_order_relaxed);
        done_.store(0, std::memory_order_relaxed);
        total_.store(total, std::memory_order_relaxed);
    }
    void advance(std::size_t n) {
        const std::size_t now = done_.fetch_add(n, std::memory_order_relaxed) + n;
        if (onAdvance) onAdvance(now);
    }
    const char* stageName() const { return stage_.load(std::memory_order_relaxed); }
    std::size_t done() const { return done_.load(std::memory_order_relaxed); }
    std::size_t total() const { return total_.load(std::memory_order_relaxed); }

    // For tests and the CLI: called by advance() with the new `done`, on the thread that advanced
    // (a worker thread too, possibly several at once), so it must be thread-safe; calling cancel()
    // from it is. Set it before the job starts. Costs nothing when empty. A test cancels from it
    // to stop a job deterministically part-way through.
    std::function<void(std::size_t done)> onAdvance;

private:
    std::atomic<bool> cancelled_{false};
    std::atomic<const char*> stage_{""};
    std::atomic<std::size_t> done_{0}, total_{0};
};

// Thrown by a job that saw cancel(); whatever it had begun to write was rolled back.
class JobCancelled : public std::runtime_error {
public:
    JobCancelled() : std::runtime_error("cancelled: nothing was changed") {}
};

// Throws JobCancelled when `job` is set and cancelled. For polling between batches.
inline void checkCancelled(const JobControl* job) {
    if (job && job->cancelled()) throw JobCancelled();
}

}  // namespace sendband
