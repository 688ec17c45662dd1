#!/usr/bin/python3
"""Writes the seeds of the fuzz targets that the shared data has no real file for, each with the format's own
library: Keras 2 model files with h5py, laid out as Keras' model.save() writes them (root attributes
keras_version, backend, model_config; model_weights/<layer>/<layer>/<weight>:0 with layer_names and weight_names
attributes); .npz archives with numpy/zipfile (stored and deflated); plain, gzip and float64 IDX files cut from the
shared MNIST set; JPEG, BMP, GIF and RGBA PNG images converted with Pillow from a demo sample.
(The session, figure_spec and labels seeds come from Lantern's own writers: make_app_seeds.cpp.)

    /usr/bin/python3 tests/fuzz/make_seeds.py tests/fuzz/corpus [SHARED_DATA]
"""
import gzip
import io
import json
import struct
import sys
import zipfile
from pathlib import Path

import h5py
import numpy as np

INIT = {"kernel_initializer": {"class_name": "VarianceScaling",
                               "config": {"scale": 1.0, "mode": "fan_avg", "distribution": "uniform", "seed": None}},
        "bias_initializer": {"class_name": "Zeros", "config": {}},
        "kernel_regularizer": None, "bias_regularizer": None, "activity_regularizer": None,
        "kernel_constraint": None, "bias_constraint": None}


def layer(cls, name, extra, batch_input_shape=None):
    config = {"name": name, "trainable": True}
    if batch_input_shape is not None:
        config.update({"batch_input_shape": batch_input_shape, "dtype": "float32"})
    config.update(extra)
    return {"class_name": cls, "config": config}


def conv(name, filters, kernel, activation, shape=None, fmt="channels_last"):
    extra = {"filters": filters, "kernel_size": [kernel, kernel], "strides": [1, 1], "padding": "same",
             "data_format": fmt, "dilation_rate": [1, 1], "activation": activation, "use_bias": True}
    extra.update(INIT)
    return layer("Conv2D", name, extra, shape)


def dense(name, units, activation):
    extra = {"units": units, "activation": activation, "use_bias": True}
    extra.update(INIT)
    return layer("Dense", name, extra)


def save(path, layers, weights):
    rng = np.random.default_rng(0)
    config = {"class_name": "Sequential", "config": {"name": "sequential_1", "layers": layers}}
    with h5py.File(path, "w") as f:
        f.attrs["keras_version"] = np.bytes_("2.2.4")
        f.attrs["backend"] = np.bytes_("tensorflow")
        f.attrs["model_config"] = np.bytes_(json.dumps(config))
        g = f.create_group("model_weights")
        g.attrs["keras_version"] = np.bytes_("2.2.4")
        g.attrs["backend"] = np.bytes_("tensorflow")
        g.attrs["layer_names"] = [np.bytes_(l["config"]["name"]) for l in layers]
        for l in layers:
            name = l["config"]["name"]
            lg = g.create_group(name)
            names = []
            for wname, shape in weights.get(name, []):
                full = f"{name}/{wname}"
                lg.create_dataset(full, data=rng.standard_normal(shape).astype("float32") * 0.1)
                names.append(np.bytes_(full))
            lg.attrs["weight_names"] = names


def keras2(out):
    out.mkdir(parents=True, exist_ok=True)
    save(out / "seed_conv_channels_last.h5",
         [conv("conv2d_1", 2, 3, "relu", [None, 8, 8, 1]),
          layer("MaxPooling2D", "max_pooling2d_1",
                {"pool_size": [2, 2], "padding": "valid", "strides": [2, 2], "data_format": "channels_last"}),
          layer("Flatten", "flatten_1", {"data_format": "channels_last"}),
          dense("dense_1", 3, "softmax")],
         {"conv2d_1": [("kernel:0", (3, 3, 1, 2)), ("bias:0", (2,))], "dense_1": [("kernel:0", (32, 3)), ("bias:0", (3,))]})
    save(out / "seed_dense.h5",
         [layer("Dense", "dense_1", dict({"units": 4, "activation": "tanh", "use_bias": True,
                                          "batch_input_shape": [None, 5], "dtype": "float32"}, **INIT)),
          layer("Dropout", "dropout_1", {"rate": 0.5}),
          dense("dense_2", 2, "softmax")],
         {"dense_1": [("kernel:0", (5, 4)), ("bias:0", (4,))], "dense_2": [("kernel:0", (4, 2)), ("bias:0", (2,))]})


def npz(out):
    out.mkdir(parents=True, exist_ok=True)
    for name, method in [("seed_stored.npz", zipfile.ZIP_STORED), ("seed_deflated.npz", zipfile.ZIP_DEFLATED)]:
        with zipfile.ZipFile(out / name, "w", method) as z:
            for key, arr in [("x", np.arange(12, dtype="<f4").reshape(3, 4)), ("y", np.array([1, 2, 3], dtype="<i8"))]:
                b = io.BytesIO()
                np.save(b, arr)
                z.writestr(key + ".npy", b.getvalue())


def idx(out, shared):
    out.mkdir(parents=True, exist_ok=True)
    labels = gzip.open(shared / "mnist/mnist-10k-labels-idx1-ubyte.gz").read()
    (out / "seed_labels_plain").write_bytes(labels[:4] + struct.pack(">I", 64) + labels[8:8 + 64])
    images = gzip.open(shared / "mnist/mnist-10k-images-idx3-ubyte.gz").read()
    header = images[:4] + struct.pack(">III", 3, 28, 28)
    (out / "seed_images_plain").write_bytes(header + images[16:16 + 3 * 784])
    (out / "seed_images.gz").write_bytes(gzip.compress(header + images[16:16 + 3 * 784], mtime=0))
    a = np.arange(6, dtype=">f8").reshape(2, 3)
    (out / "seed_float64").write_bytes(bytes([0, 0, 0x0E, 2]) + struct.pack(">II", 2, 3) + a.tobytes())


def images(out, demo):
    from PIL import Image
    out.mkdir(parents=True, exist_ok=True)
    im = Image.open(demo / "0000_ankle_boot.png")
    im.save(out / "seed_boot.jpg", quality=80)
    im.convert("RGB").save(out / "seed_boot_rgb.bmp")
    im.save(out / "seed_boot.gif")
    im.convert("RGBA").resize((16, 16)).save(out / "seed_small_rgba.png")


def main(out, shared):
    out, shared = Path(out), Path(shared)
    root = Path(__file__).resolve().parents[2]
    keras2(out / "keras2")
    npz(out / "npz")
    idx(out / "idx", shared)
    images(out / "image", root / "resources/demo/samples")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "tests/fuzz/corpus", sys.argv[2] if len(sys.argv) > 2 else "../shared/data")
