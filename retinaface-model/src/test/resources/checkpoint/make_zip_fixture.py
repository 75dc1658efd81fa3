"""Writes torch2_layout.pth: a zip checkpoint laid out like torch.save of PyTorch 2.x, produced by CPython's own
pickler (memo opcodes, BUILD of OrderedDict._metadata) with stand-in torch classes, so the Java reader is tested
against an independent writer. Needs only Python 3 and numpy: python3 make_zip_fixture.py"""
import collections, io, pickle, sys, types, zipfile
import numpy as np

torch = types.ModuleType("torch"); utils = types.ModuleType("torch._utils")
sys.modules["torch"] = torch; sys.modules["torch._utils"] = utils
for name in ["FloatStorage", "DoubleStorage", "HalfStorage", "BFloat16Storage", "LongStorage"]:
    cls = type(name, (), {"__module__": "torch"}); setattr(torch, name, cls)
def _rebuild_tensor_v2(*args): pass
def _rebuild_parameter(*args): pass
_rebuild_tensor_v2.__module__ = _rebuild_parameter.__module__ = "torch._utils"
utils._rebuild_tensor_v2 = _rebuild_tensor_v2; utils._rebuild_parameter = _rebuild_parameter

class Storage:
    def __init__(self, key, cls, raw, numel): self.key, self.cls, self.raw, self.numel = key, cls, raw, numel
class T:
    def __init__(self, storage, offset, size, stride): self.args = (storage, offset, size, stride, False, collections.OrderedDict())
    def __reduce__(self): return (_rebuild_tensor_v2, self.args)
class P:
    def __init__(self, t): self.t = t
    def __reduce__(self): return (_rebuild_parameter, (self.t, True, collections.OrderedDict()))

def bf16(values):
    return (np.array(values, "<f4").view("<u4") >> 16).astype("<u2").tobytes()
storages = [
    Storage("0", torch.FloatStorage, np.arange(6, dtype="<f4").tobytes(), 6),
    Storage("1", torch.HalfStorage, np.array([1.0, -2.5, 65504.0, 2.0 ** -24], "<f2").tobytes(), 4),
    Storage("2", torch.BFloat16Storage, bf16([1.5, -0.15625, 3.0]), 3),
    Storage("3", torch.LongStorage, np.array([42], "<i8").tobytes(), 1),
    Storage("4", torch.DoubleStorage, np.arange(7, dtype="<f8").tobytes(), 7),
]
s0, s1, s2, s3, s4 = storages
sd = collections.OrderedDict()
sd["conv.weight"] = P(T(s0, 0, (2, 3), (3, 1)))
sd["conv.weight_t"] = T(s0, 0, (3, 2), (1, 3))       # transposed view of the same storage
sd["bn.running_var"] = T(s1, 0, (4,), (1,))
sd["bn.bias"] = T(s2, 0, (3,), (1,))
sd["bn.num_batches_tracked"] = T(s3, 0, (), ())
sd["fc.weight"] = T(s4, 2, (2,), (2,))               # offset 2, stride 2 -> [2, 4]
sd._metadata = collections.OrderedDict([("", {"version": 1}), ("bn", {"version": 2})])

class Pickler(pickle.Pickler):
    def persistent_id(self, obj):
        return ("storage", obj.cls, obj.key, "cpu", obj.numel) if isinstance(obj, Storage) else None
buf = io.BytesIO()
Pickler(buf, protocol=2).dump({"epoch": 5, "model": sd})
root = "torch2_layout/"
with zipfile.ZipFile("torch2_layout.pth", "w", zipfile.ZIP_STORED) as z:
    z.writestr(root + "data.pkl", buf.getvalue())
    z.writestr(root + ".format_version", "1")
    z.writestr(root + ".storage_alignment", "64")
    z.writestr(root + "byteorder", "little")
    for s in storages:
        z.writestr(root + "data/" + s.key, s.raw)
    z.writestr(root + "version", "3\n")
    z.writestr(root + ".data/serialization_id", "0123456789")
