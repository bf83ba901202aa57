#include "core/Parallel.h"

namespace sendband {

unsigned workerThreads(std::size_t items, std::size_t minPerThread, unsigned requested, unsigned maxThreads) {
    unsigned t = requested ? requested : std::clamp(std::thread::hardware_concurrency(), 1u, std::max(1u, maxThreads));
    const std::size_t byWork = minPerThread ? items / minPerThread + 1 : items;
    return static_cast<unsigned>(std::max<std::size_t>(1, std::min<std::size_t>(t, byWork)));
}

void runParts(unsigned parts, const std::function<void(unsigned part)>& body) {
    if (parts <= 1) {
        if (parts == 1) body(0);
        return;
    }
    std::vector<std::exception_ptr> failed(parts);
    std::vector<std::thread> pool;
    pool.reserve(parts - 1);
    auto run = [&](unsigned part) {
        try {
            body(part);
        } catch (...) {
            failed[part] = std::current_exception();
        }
    };
    unsigned started = 1;
    try {
        for (; started < parts; ++started) pool.emplace_back(run, started);
    } catch (...) {
        // A thread could not be started: the parts that have no thread run here, after part 0.
    }
    run(0);
    for (unsigned part = started; part < parts; ++part) run(part);
    for (auto& th : pool) th.join();
    for (auto& f : failed)
        if (f) std::rethrow_exception(f);
}

void parallelFor(std::size_t n, unsigned parts, const std::function<void(unsigned part, std::size_t begin, std::size_t end)>& body) {
    parts = std::max(1u, parts);
    runParts(parts, [&](unsigned part) {
        const std::size_t begin = n * part / parts, end = n * (part + 1) / parts;
        if (begin < end) body(part, begin, end);
    });
}

}  // namespace sendband
