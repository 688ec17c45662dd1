#!/usr/bin/env python3
"""Writes PyTorch reference logits and input gradients for the benchmark inputs (batch 64, uniform [0,1),
torch Generator seed 0 - the same inputs torch_reference_bench.py times) as .npy files, so lantern_bench can
check that it computes the same numbers it times.  usage: torch_outputs.py SHARED_TORCH_DIR OUT_DIR"""
import os
import sys

import numpy as np
import torch

sys.path.insert(0, sys.argv[1])
import torch_reference_bench as ref  # noqa: E402

torch.set_num_threads(2)
out = sys.argv[2]
os.makedirs(out, exist_ok=True)
for name in ('fmnist', 'ziletti'):
    model, shape = ref.load(name)
    x = torch.rand((64,) + shape, generator=torch.Generator().manual_seed(0))
    xd = x.double().requires_grad_(True)
    logits = model.double()(xd)
    target = logits.detach().argmax(1, keepdim=True)
    logits.gather(1, target).sum().backward()
    np.save(os.path.join(out, f'{name}_input.npy'), x.numpy().astype(np.float32))
    np.save(os.path.join(out, f'{name}_logits.npy'), logits.detach().numpy().astype(np.float32))
    np.save(os.path.join(out, f'{name}_gradient.npy'), xd.grad.numpy().astype(np.float32))
    # PyTorch's own float32 result: where a ReLU input sits within float32 rounding of 0, float32 and float64
    # legitimately take different branches; comparing with both separates that from real disagreement.
    model32, _ = ref.load(name)
    x32 = x.clone().requires_grad_(True)
    logits32 = model32(x32)
    logits32.gather(1, logits32.detach().argmax(1, keepdim=True)).sum().backward()
    np.save(os.path.join(out, f'{name}_gradient32.npy'), x32.grad.numpy())
    print(f'reference outputs for {name} written to {out}', flush=True)
