// File I/O shared by every layer: reading a whole file, and replacing a file so that a reader
// (or a crash) sees either the old content or the new, never half of it.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sendband {

// Reads a whole file; nullopt when it cannot be read.
std::optional<std::string> readFile(const std::string& path);

// Writes `path` by way of a temporary file beside it: `write` fills the temporary file (given its
// path) and returns an error text, or empty on success; then the temporary file is flushed to
// disk (fsync), renamed over `path`, and the folder is flushed so the rename itself survives a
// power cut. On any failure the temporary file is removed, `path` is untouched and the error is
// returned. `suffix` ends the temporary file's name (".writing.xlsx" keeps the extension, for
// tools that look at the file while it is written). An exception from `write` removes the
// temporary file and propagates.
std::string replaceFile(const std::string& path, const std::function<std::string(const std::string& tmpPath)>& write,
                        const std::string& suffix = ".tmp");

// replaceFile with the content given whole, in parts written one after another.
std::string replaceFileWith(const std::string& path, const std::vector<std::string_view>& parts);

// Flushes a file that is already closed, then renames it onto `to` and flushes the folder.
// Returns an error text or empty.
std::string syncAndRename(const std::string& from, const std::string& to);

// Puts a finished file in place under a name that must be new: flushes `from`, links it as `to`
// (which fails if `to` exists, so two writers racing for one new name cannot both win, and the
// loser's file never replaces the winner's), flushes the folder and removes `from`. Returns an
// error text or empty; `existed` is set when the error is that `to` appeared meanwhile.
std::string publishNewFile(const std::string& from, const std::string& to, bool& existed);

// Creates `path`, which must not exist, with `content` and permission bits `mode` (0600 for a
// private key), flushed to disk. Returns an error text or empty; `existed` is set when the error
// is that `path` exists (a file is never overwritten). A failed write removes the file.
std::string createNewFile(const std::string& path, std::string_view content, unsigned mode, bool& existed);

// Appends `line` and a newline to `path` (created 0644 when missing) in one write, and flushes
// it to disk: an append-only record such as the anchors file. Returns an error text or empty.
std::string appendLine(const std::string& path, std::string_view line);

}  // namespace sendband
