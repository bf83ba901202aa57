// AgeSchedule: what banding keeps of a child's age when their date of birth is erased.
//
// A rule set that reads `age` or `nc_year` needs the child's age on each day it prices. Erasure
// (workflows/Erasure.h) replaces the date of birth with this schedule over the days the plan's
// figures cover: the year group for each academic year and, only where a rule set of the plan
// reads `age`, the age in years between birthdays. Every figure then comes out as it did from the
// date of birth, to the penny, while the date itself is gone. The pieces are cut where Banding
// cuts a period (1 September; a birthday, 29 February counting as 1 March in a common year).
#pragma once
#include "banding/Profile.h"
#include "core/Date.h"

#include <string>
#include <string_view>
#include <vector>

namespace sendband {

// The schedule for the days from `from` to `to` inclusive (from <= to). With `withAge` the pieces
// also break at each birthday and carry the age; without, only the year group is kept.
std::vector<AgePiece> makeAgeSchedule(const Date& dateOfBirth, const Date& from, const Date& to, bool withAge);

// Stored text: pieces separated by ';', each "FROM,TO,NC_YEAR,AGE" with dates as YYYY-MM-DD and
// AGE empty when it was not kept, e.g. "2024-09-01,2025-03-14,0,4;2025-03-15,2025-08-31,0,5".
std::string encodeAgeSchedule(const std::vector<AgePiece>& pieces);
// Reads stored text back into `out`; returns empty on success, else what is wrong (the pieces must
// run day after day with no gap or overlap).
std::string decodeAgeSchedule(std::string_view text, std::vector<AgePiece>& out);

// The piece holding `day`, or nullptr when the schedule does not cover it.
const AgePiece* agePieceOn(const std::vector<AgePiece>& pieces, long day);

}  // namespace sendband
