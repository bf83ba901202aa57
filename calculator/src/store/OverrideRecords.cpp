#include "store/OverrideRecords.h"

#include "store/Columns.h"

namespace sendband {

void forEachOverrideRecord(CaseloadStore& store, const std::function<void(const OverrideRecord&)>& each) {
    auto s = store_internal::database(store).prepare(R"sql(
SELECT o.id, o.plan_id, o.decision_id, o.band, o.top_up_pence, o.place_pence, o.reason_code, o.officer, o.status, o.approver, p.pseudonym
FROM overrides o JOIN plans p ON p.id = o.plan_id
ORDER BY o.id
)sql");
    OverrideRecord r;
    while (s->step()) {
        r.row.id = s->int64(0);
        r.row.planId = s->int64(1);
        r.row.decisionId = s->int64(2);
        r.row.band = s->text(3);
        r.row.topUp = columns::money(*s, 4);
        r.row.place = columns::money(*s, 5);
        r.row.reasonCode = s->text(6);
        r.row.officer = s->text(7);
        r.pseudonym = s->text(10);
        r.row.status = columns::overrideStatus(*s, 8, {"overrides.status", "plan", r.pseudonym});
        r.row.approver = columns::optionalText(*s, 9);
        each(r);
    }
}

}  // namespace sendband
