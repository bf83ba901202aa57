#include "core/MappedFile.h"

#include "core/FileIo.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace sendband {

MappedFile::~MappedFile() {
    if (map_) munmap(map_, size_);
}

bool MappedFile::open(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    struct stat st {};
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
        void* m = mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
        if (m != MAP_FAILED) {
            map_ = m;
            size_ = static_cast<std::size_t>(st.st_size);
            ::close(fd);
            return true;
        }
    }
    ::close(fd);
    auto text = readFile(path);
    if (!text) return false;
    copy_ = std::move(*text);
    return true;
}

}  // namespace sendband
