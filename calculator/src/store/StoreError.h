// StoreError: the store could not do what was asked for a reason that is not the caller's input:
// an unreadable or locked file, a full disk, a database newer than this program, corrupt rows.
// Expected bad input is never reported this way; it is checked before anything is written.
#pragma once
#include <stdexcept>

namespace sendband {

struct StoreError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

}  // namespace sendband
