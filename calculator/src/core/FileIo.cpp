#include "core/FileIo.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <unistd.h>

namespace sendband {

std::optional<std::string> readFile(const std::string& path) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return std::nullopt;
    std::string out;
    char buf[1 << 16];
    std::size_t n;
    if (std::fseek(f, 0, SEEK_END) == 0) {
        const long size = std::ftell(f);
        if (size > 0) out.reserve(static_cast<std::size_t>(size));
        std::rewind(f);
    }
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
    const bool failed = std::ferror(f) != 0;
    std::fclose(f);
    if (failed) return std::nullopt;
    return out;
}

namespace {

std::string sysError(const std::string& what, const std::string& path) { return what + " " + path + ": " + std::strerror(errno); }

// fsync of a path opened read-only: enough for both a regular file and a folder on Linux.
bool syncPath(const std::string& path, int flags) {
    const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
    if (fd < 0) return false;
    const bool ok = ::fsync(fd) == 0;
    ::close(fd);
    return ok;
}

std::string folderOf(const std::string& path) {
    const auto parent = std::filesystem::path(path).parent_path();
    return parent.empty() ? std::string(".") : parent.string();
}

}  // namespace

std::string syncAndRename(const std::string& from, const std::string& to) {
    if (!syncPath(from, O_RDONLY)) return sysError("cannot flush", from);
    if (std::rename(from.c_str(), to.c_str()) != 0) return sysError("cannot rename " + from + " to", to);
    // The rename is durable once the folder's entry is: a failure here leaves the new file in
    // place but perhaps not yet on disk, which is not worth failing a finished write for.
    syncPath(folderOf(to), O_RDONLY | O_DIRECTORY);
    return {};
}

std::string publishNewFile(const std::string& from, const std::string& to, bool& existed) {
    existed = false;
    if (!syncPath(from, O_RDONLY)) return sysError("cannot flush", from);
    if (::link(from.c_str(), to.c_str()) != 0) {
        existed = errno == EEXIST;
        return sysError("cannot put " + from + " in place as", to);
    }
    syncPath(folderOf(to), O_RDONLY | O_DIRECTORY);
    std::remove(from.c_str());
    return {};
}

namespace {

// Writes all of `data` to `fd` (write may take less than asked); false on an error.
bool writeAll(int fd, std::string_view data) {
    while (!data.empty()) {
        const ssize_t n = ::write(fd, data.data(), data.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

}  // namespace

std::string createNewFile(const std::string& path, std::string_view content, unsigned mode, bool& existed) {
    existed = false;
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, static_cast<mode_t>(mode));
    if (fd < 0) {
        existed = errno == EEXIST;
        return sysError("cannot create", path);
    }
    const bool ok = writeAll(fd, content) && ::fsync(fd) == 0;
    const std::string error = ok ? std::string() : sysError("cannot write", path);
    ::close(fd);
    if (!ok) {
        std::remove(path.c_str());
        return error;
    }
    syncPath(folderOf(path), O_RDONLY | O_DIRECTORY);
    return {};
}

std::string appendLine(const std::string& path, std::string_view line) {
    const bool existed = ::access(path.c_str(), F_OK) == 0;
    const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return sysError("cannot open", path);
    std::string whole(line);
    whole += '\n';
    // One write() of the whole line: with O_APPEND two writers' lines never interleave.
    const ssize_t n = ::write(fd, whole.data(), whole.size());
    const bool ok = n == static_cast<ssize_t>(whole.size()) && ::fsync(fd) == 0;
    const std::string error = ok ? std::string() : sysError("cannot append to", path);
    ::close(fd);
    if (ok && !existed) syncPath(folderOf(path), O_RDONLY | O_DIRECTORY);
    return error;
}

std::string replaceFile(const std::string& path, const std::function<std::string(const std::string& tmpPath)>& write,
                        const std::string& suffix) {
    const std::string tmp = path + suffix;
    std::error_code ec;
    // Said plainly and about the file asked for, before any writer (libxlsxwriter prints its own
    // error about the temporary file) is tried.
    const std::filesystem::path folder = std::filesystem::path(path).parent_path();
    if (!folder.empty() && !std::filesystem::is_directory(folder, ec))
        return "cannot write " + path + ": the folder " + folder.string() + " does not exist";
    if (std::filesystem::is_directory(path, ec)) return "cannot write " + path + ": it is a folder; give the name of a file in it";
    if (::access(folder.empty() ? "." : folder.c_str(), W_OK) != 0)
        return "cannot write " + path + ": this user may not write in the folder " + (folder.empty() ? std::string(".") : folder.string());
    std::string error;
    try {
        error = write(tmp);
    } catch (...) {
        std::filesystem::remove(tmp, ec);
        throw;
    }
    if (error.empty()) error = syncAndRename(tmp, path);
    if (!error.empty()) std::filesystem::remove(tmp, ec);
    return error;
}

std::string replaceFileWith(const std::string& path, const std::vector<std::string_view>& parts) {
    return replaceFile(path, [&](const std::string& tmp) -> std::string {
        std::FILE* f = std::fopen(tmp.c_str(), "wb");
        if (!f) return sysError("cannot write", tmp);
        bool ok = true;
        for (const auto& data : parts) ok = ok && std::fwrite(data.data(), 1, data.size(), f) == data.size();
        if (std::fclose(f) != 0) ok = false;
        return ok ? std::string() : "cannot write " + tmp + " (is the disk full?)";
    });
}

}  // namespace sendband
