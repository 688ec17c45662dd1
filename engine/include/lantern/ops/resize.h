#pragma once

#include "lantern/op.h"

#include <memory>

namespace lantern {

enum class ResizeMode {
    Nearest,
    Linear, ///< bilinear over H and W
};

/// ONNX coordinate_transformation_mode: how an output index maps to an input coordinate.
enum class ResizeCoordinates {
    HalfPixel,        ///< (o + 0.5) / scale - 0.5; PyTorch align_corners=False
    PytorchHalfPixel, ///< as HalfPixel, but 0 when the output size is 1
    AlignCorners,     ///< o * (in - 1) / (out - 1); PyTorch align_corners=True
    Asymmetric,       ///< o / scale; PyTorch 'nearest'
};

/// ONNX nearest_mode: how a fractional input coordinate becomes an index in Nearest mode.
enum class ResizeNearestRounding { RoundPreferFloor, RoundPreferCeil, Floor, Ceil };

struct ResizeParams {
    ResizeMode mode = ResizeMode::Nearest;
    ResizeCoordinates coordinates = ResizeCoordinates::HalfPixel;
    ResizeNearestRounding nearestRounding = ResizeNearestRounding::RoundPreferFloor;
    /// Output size = floor(input * scale); the scales also enter the coordinate transform. Used when
    /// outH and outW are 0.
    double scaleH = 0, scaleW = 0;
    /// Fixed output size (wins over the scales; the transform then uses scale = out / in).
    int64_t outH = 0, outW = 0;

    /// PyTorch F.interpolate(mode='nearest', scale_factor=...): asymmetric coordinates, floor.
    static ResizeParams pytorchNearest(double scaleH, double scaleW);
    /// PyTorch F.interpolate(mode='bilinear', scale_factor=..., align_corners=...).
    static ResizeParams pytorchBilinear(double scaleH, double scaleW, bool alignCorners = false);
};

/// ONNX Resize of the spatial dimensions of an NCHW tensor (nearest or bilinear). Uses oneDNN resampling
/// where its index arithmetic matches the requested mode exactly, plain loops otherwise. Backward for the
/// input.
class Resize : public Op {
public:
    /// Throws ArgumentError unless both output sizes or both scales are positive.
    explicit Resize(const ResizeParams& params);
    ~Resize() override;

    std::string type() const override { return "Resize"; }
    std::vector<Shape> outputShapes(std::span<const Shape> inputs) const override;
    void forward(ForwardArgs& args) override;
    void backward(BackwardArgs& args) override;
    std::string describe() const override;

    const ResizeParams& params() const { return m_params; }

private:
    struct Impl;
    ResizeParams m_params;
    std::unique_ptr<Impl> m_impl;
};

} // namespace lantern
