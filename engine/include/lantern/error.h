#pragma once
// The one error hierarchy of Lantern. Every failure the engine reports derives from lantern::Error and
// names the file, layer or op involved and what is wrong, so front ends can show it to the user verbatim.

#include <stdexcept>
#include <string>

namespace lantern {

class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message) : std::runtime_error(message) {}
};

/// Tensor shapes that do not fit an op or each other.
class ShapeError : public Error {
public:
    using Error::Error;
};

/// Something valid in principle that Lantern does not support (an op, attribute, dtype).
class UnsupportedError : public Error {
public:
    using Error::Error;
};

/// A file that cannot be read or written, or whose contents are malformed.
class IoError : public Error {
public:
    using Error::Error;
};

/// Bad arguments given to an engine call (unknown node name, wrong number of inputs...).
class ArgumentError : public Error {
public:
    using Error::Error;
};

/// Long work stopped because the caller asked to cancel.
class CancelledError : public Error {
public:
    CancelledError() : Error("cancelled") {}
};

} // namespace lantern
