// MappedFile: a read-only view of a whole file through mmap, so that a 100 MB caseload is read
// without copying it. Falls back to reading when the file cannot be mapped (pipes, empty files).
#pragma once
#include <string>
#include <string_view>

namespace sendband {

class MappedFile {
public:
    MappedFile() = default;
    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    // Returns false when the file cannot be opened or read.
    bool open(const std::string& path);
    std::string_view text() const { return map_ ? std::string_view(static_cast<const char*>(map_), size_) : std::string_view(copy_); }

private:
    void* map_ = nullptr;
    std::size_t size_ = 0;
    std::string copy_;
};

}  // namespace sendband
