#include "Bench.h"

#include "AppController.h"
#include "CaseloadFilterModel.h"
#include "PlanController.h"

#include <QCoreApplication>
#include <QQmlApplicationEngine>
#include <QQuickWindow>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <memory>
#include <vector>

namespace {

struct Bench {
    QQuickWindow* window = nullptr;
    CaseloadFilterModel* filter = nullptr;
    PlanController* plan = nullptr;
    QObject* root = nullptr;
    QElapsedTimer clock;
    std::vector<double> filterMs, sortMs, editMs, editComputeMs;

    // Runs `then` once the next frame has been swapped to the screen (the change is visible).
    void afterFrame(std::function<void()> then) {
        auto conn = std::make_shared<QMetaObject::Connection>();
        auto fired = std::make_shared<bool>(false);
        *conn = QObject::connect(window, &QQuickWindow::frameSwapped, window, [conn, fired, then = std::move(then)] {
            QObject::disconnect(*conn);
            if (*fired) return;  // frames queued from the render thread before the disconnect
            *fired = true;
            QTimer::singleShot(0, then);  // leave the render path before doing more
        });
        window->requestUpdate();
    }
    static double ms(qint64 ns) { return static_cast<double>(ns) / 1e6; }
    static void report(const char* what, std::vector<double> v, double target) {
        std::sort(v.begin(), v.end());
        const double median = v[v.size() / 2], worst = v.back();
        std::printf("%-44s median %8.2f ms  worst %8.2f ms  (%zu runs; target %.0f ms)\n", what, median, worst, v.size(), target);
    }

    // The filter changes an officer makes: a reference search typed, a band chosen, cleared.
    void filters(std::size_t i) {
        static const char* searches[] = {"EXA-0001", "EXA-00012", "", "EXA-05", ""};
        static const char* bands[] = {"", "B3", "B3", "", ""};
        if (i == std::size(searches) * 2) return sorts(0);
        clock.restart();
        filter->setSearch(QString::fromLatin1(searches[i % std::size(searches)]));
        filter->setBand(QString::fromLatin1(bands[i % std::size(bands)]));
        afterFrame([this, i] {
            filterMs.push_back(ms(clock.nsecsElapsed()));
            filters(i + 1);
        });
    }
    void sorts(int i) {
        if (i == 6) return edits(0);
        clock.restart();
        filter->sortByColumn(i % 3 == 0 ? 1 : i % 3 == 1 ? 8 : 0, i % 2 == 0);
        afterFrame([this, i] {
            sortMs.push_back(ms(clock.nsecsElapsed()));
            sorts(i + 1);
        });
    }
    void edits(int i) {
        if (i == 0) {
            QMetaObject::invokeMethod(root, "showTab", Q_ARG(QVariant, 1));
            return afterFrame([this] { edits(1); });
        }
        if (i > 40) return finish();
        const int domains = static_cast<int>(plan->domains().size());
        clock.restart();
        plan->setLevel(i % std::max(1, domains), (i / std::max(1, domains)) % 4 + (i % 2));
        editComputeMs.push_back(ms(clock.nsecsElapsed()));
        afterFrame([this, i] {
            editMs.push_back(ms(clock.nsecsElapsed()));
            edits(i + 1);
        });
    }
    void finish() {
        report("filter change, until shown", filterMs, 100);
        report("sort by a column, until shown", sortMs, 100);
        report("profile edit: band, money, reasons computed", editComputeMs, 16);
        report("profile edit, until shown", editMs, 16);
        QCoreApplication::exit(0);
    }
};

}  // namespace

void runBench(QQmlApplicationEngine& engine, const QElapsedTimer& sinceStart) {
    auto* b = new Bench;
    b->root = engine.rootObjects().value(0);
    b->window = qobject_cast<QQuickWindow*>(b->root);
    b->filter = b->root ? b->root->findChild<CaseloadFilterModel*>("caseloadFilter") : nullptr;
    b->plan = b->root ? b->root->findChild<PlanController*>("planController") : nullptr;
    if (!b->window || !b->filter || !b->plan) {
        std::fprintf(stderr, "bench: the window, caseload filter or plan controller was not found\n");
        QCoreApplication::exit(2);
        return;
    }
    auto* app = b->root->findChild<AppController*>();
    auto start = [b] {
        // The first plan in the table, as an officer opening it would.
        b->plan->setPlanId(b->filter->planIdAt(0));
        b->filters(0);
    };
    b->afterFrame([b, app, sinceStart, start] {
        std::printf("%-44s %8.0f ms  (target 1500 ms)\n", "start to window shown and interactive", Bench::ms(sinceStart.nsecsElapsed()));
        auto filled = [b, sinceStart, start] {
            b->afterFrame([b, sinceStart, start] {
                const auto* source = b->filter->sourceModel();
                std::printf("%-44s %8.0f ms  (%d plans)\n", "start to caseload table filled", Bench::ms(sinceStart.nsecsElapsed()),
                            source ? source->rowCount() : 0);
                start();
            });
        };
        if (app && app->loading()) {
            auto conn = std::make_shared<QMetaObject::Connection>();
            *conn = QObject::connect(app, &AppController::loadingChanged, app, [conn, app, filled] {
                if (app->loading()) return;
                QObject::disconnect(*conn);
                filled();
            });
        } else {
            filled();
        }
    });
}
