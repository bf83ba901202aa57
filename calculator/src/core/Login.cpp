#include "core/Login.h"

#include <pwd.h>
#include <unistd.h>

#include <vector>

namespace sendband {

std::string loginName() {
    const uid_t uid = geteuid();
    long size = sysconf(_SC_GETPW_R_SIZE_MAX);
    std::vector<char> buf(static_cast<std::size_t>(size > 0 ? size : 16384));
    passwd pw{};
    passwd* found = nullptr;
    if (getpwuid_r(uid, &pw, buf.data(), buf.size(), &found) == 0 && found && found->pw_name && *found->pw_name) return found->pw_name;
    return "uid " + std::to_string(uid);
}

}  // namespace sendband
