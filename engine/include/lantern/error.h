#pragma once
// The one error hierarchy of Lantern. Every failure the engine reports derives from lantern::Error and
// names the file, layer or op involved and what is wrong, so front ends can show it to the user verbatim.

#include <stdexcept>
#include <string>

namespace lantern {

// Default visibility: errors thrown inside a shared library built with hidden symbols (Lantern::mpi) keep one type
// identity with the executable that catches them.
#define LANTERN_ERROR_API __attribute__((visibility("default")))

class LANTERN_ERROR_API Error : public std::runtime_error {
public:
    explicit Error(const std::string& message) : std::runtime_error(message) {}
};

/// Tensor shapes that do not fit an op or each other.
class LANTERN_ERROR_API ShapeError : public Error {
public:
    using Error::Error;
};

/// Something valid in principle that Lantern does not support (an op, attribute, dtype).
class LANTERN_ERROR_API UnsupportedError : public Error {
public:
    using Error::Error;
};

/// A file that cannot be read or written, or whose contents are malformed.
class LANTERN_ERROR_API IoError : public Error {
public:
    using Error::Error;
};

/// Bad arguments given to an engine call (unknown node name, wrong number of inputs...).
class LANTERN_ERROR_API ArgumentError : public Error {
public:
    using Error::Error;
};

/// Long work stopped because the caller asked to cancel.
class LANTERN_ERROR_API CancelledError : public Error {
public:
    CancelledError() : Error("cancelled") {}
};

} // namespace lantern
