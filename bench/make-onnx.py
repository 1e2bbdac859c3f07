#!/usr/bin/env python3
"""Writes an ONNX model (Identity graph, float input [N, 4]) padded with an unused initializer to the wanted size.
Usage: make-onnx.py OUT MEGABYTES. Only the standard library: the protobuf is written by hand."""
import sys


def varint(v):
    out = bytearray()
    while True:
        b = v & 0x7F
        v >>= 7
        out.append(b | 0x80 if v else b)
        if not v:
            return bytes(out)


def key(field, wire):
    return varint((field << 3) | wire)


def vint(field, v):
    return key(field, 0) + varint(v)


def msg(field, body):
    return key(field, 2) + varint(len(body)) + body


def s(field, text):
    return msg(field, text.encode())


def value_info(name):
    shape = msg(1, s(2, "N")) + msg(1, vint(1, 4))
    return s(1, name) + msg(2, msg(1, vint(1, 1) + msg(2, shape)))


out, megabytes = sys.argv[1], int(sys.argv[2])
floats = megabytes * 1024 * 1024 // 4
padding = vint(1, floats) + vint(2, 1) + s(8, "padding") + msg(9, bytes(floats * 4))
node = s(1, "features") + s(2, "score") + s(3, "identity") + s(4, "Identity")
graph = msg(1, node) + s(2, "graph") + msg(5, padding) + msg(11, value_info("features")) + msg(12, value_info("score"))
model = vint(1, 8) + s(2, "mlops-bench") + msg(7, graph) + msg(8, s(1, "") + vint(2, 13))
with open(out, "wb") as f:
    f.write(model)
