// Parallel work for whole-caseload jobs: one parallel-for over contiguous parts, and one
// bounded hand-over from a producing thread to the calling thread. Every thread sendband starts
// goes through here, so that an exception on any of them reaches the caller (rethrown after all
// threads have stopped), never std::terminate.
#pragma once
#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace sendband {

// The number of threads for `items` items: `requested` when non-zero, otherwise every core (at
// most `maxThreads`), and never more than one per `minPerThread` items (small jobs stay on
// the calling thread, where starting threads would cost more than it saves).
unsigned workerThreads(std::size_t items, std::size_t minPerThread, unsigned requested = 0, unsigned maxThreads = 8);

// Runs body(part) for every part in [0, parts), part 0 on the calling thread and each other part
// on a thread of its own, and returns when all have finished. If any part throws (or a thread
// cannot be started), the exception of the lowest-numbered failing part is rethrown here after
// every started thread has been joined. Parts do not stop early when another fails: long parts
// poll a JobControl between batches, which is how a job is stopped part-way.
void runParts(unsigned parts, const std::function<void(unsigned part)>& body);

// Splits [0, n) into `parts` contiguous ranges, the same for a given (n, parts), and runs
// body(part, begin, end) on each as runParts does. Empty ranges are skipped.
void parallelFor(std::size_t n, unsigned parts, const std::function<void(unsigned part, std::size_t begin, std::size_t end)>& body);

// A bounded queue from one producer to one consumer. push() blocks while the queue is full,
// pop() while it is empty. close() is the producer's "no more"; abandon() is the consumer's "I
// have stopped", which makes every push() return false so the producer can stop.
template <class T>
class BoundedQueue {
public:
    explicit BoundedQueue(std::size_t capacity) : capacity_(std::max<std::size_t>(1, capacity)) {}
    BoundedQueue(const BoundedQueue&) = delete;
    BoundedQueue& operator=(const BoundedQueue&) = delete;

    bool push(T item) {
        std::unique_lock lock(m_);
        notFull_.wait(lock, [&] { return q_.size() < capacity_ || abandoned_; });
        if (abandoned_) return false;
        q_.push_back(std::move(item));
        notEmpty_.notify_one();
        return true;
    }
    // False when the producer has closed the queue and nothing is left.
    bool pop(T& out) {
        std::unique_lock lock(m_);
        notEmpty_.wait(lock, [&] { return !q_.empty() || closed_; });
        if (q_.empty()) return false;
        out = std::move(q_.front());
        q_.pop_front();
        notFull_.notify_one();
        return true;
    }
    void close() {
        std::lock_guard lock(m_);
        closed_ = true;
        notEmpty_.notify_all();
    }
    void abandon() {
        std::lock_guard lock(m_);
        abandoned_ = true;
        q_.clear();
        notFull_.notify_all();
    }

private:
    const std::size_t capacity_;
    std::mutex m_;
    std::condition_variable notEmpty_, notFull_;
    std::deque<T> q_;
    bool closed_ = false, abandoned_ = false;
};

// One producing thread feeding the calling thread through a BoundedQueue: the producer runs
// produce(queue) and the queue is closed when it returns or throws. The consumer pops until
// pop() returns false and then calls finish(), which joins the producer and rethrows its
// exception, if any. Destroyed without finish() (the consumer threw), it abandons the queue and
// joins, discarding the producer's outcome.
template <class T>
class Producer {
public:
    Producer(std::size_t capacity, std::function<void(BoundedQueue<T>&)> produce) : queue_(capacity) {
        thread_ = std::thread([this, produce = std::move(produce)] {
            try {
                produce(queue_);
            } catch (...) {
                error_ = std::current_exception();
            }
            queue_.close();
        });
    }
    Producer(const Producer&) = delete;
    Producer& operator=(const Producer&) = delete;
    ~Producer() {
        if (thread_.joinable()) {
            queue_.abandon();
            thread_.join();
        }
    }
    bool pop(T& out) { return queue_.pop(out); }
    void finish() {
        if (thread_.joinable()) thread_.join();
        if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
    }

private:
    BoundedQueue<T> queue_;
    std::exception_ptr error_;
    std::thread thread_;
};

}  // namespace sendband
