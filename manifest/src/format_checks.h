// Internal: checks shared by the readers of files modbuild writes itself (the
// lockfile, registry indexes): their format number and their checksums. The
// caller passes the code to report with, MB2007 or MB2009.
#pragma once

#include <string_view>

#include "toml_reader.h"

namespace modbuild::manifest::detail {

enum class FormatCheck { supported, unsupported, missing, wrong_type };

/// The integer under `key` must equal `supported`. Not an integer: MB1002;
/// another number: `code`, with `help` on what to do. A missing key is left to
/// the caller, whose file decides the code. `what` names the number in
/// messages, e.g. "lockfile version".
FormatCheck check_format_number(DocumentReader& doc, TableReader& top, std::string_view key, int supported,
                                Code code, std::string_view what, std::string_view help);

/// Whether `checksum` is "sha256:" followed by 64 lowercase hex digits; reports
/// `code` at the first character that is wrong otherwise.
bool check_checksum(DocumentReader& doc, const LocatedString& checksum, Code code);

}  // namespace modbuild::manifest::detail
