# Center-crop to a square, then area-average down to 224x224; writes binary PPM (P6).
import sys
def read_ppm(path):
    data = open(path, 'rb').read()
    parts = []; i = 0
    while len(parts) < 4:
        while data[i:i+1].isspace(): i += 1
        j = i
        while not data[j:j+1].isspace(): j += 1
        parts.append(data[i:j]); i = j
    i += 1
    w, h = int(parts[1]), int(parts[2])
    return w, h, data[i:i + w * h * 3]
src, dst, size = sys.argv[1], sys.argv[2], 224
w, h, px = read_ppm(src)
side = min(w, h); x0 = (w - side) // 2; y0 = (h - side) // 2
out = bytearray()
for oy in range(size):
    ya = y0 + oy * side / size; yb = y0 + (oy + 1) * side / size
    for ox in range(size):
        xa = x0 + ox * side / size; xb = x0 + (ox + 1) * side / size
        acc = [0.0, 0.0, 0.0]; area = 0.0
        y = int(ya)
        while y < yb:
            wy = min(yb, y + 1) - max(ya, y)
            x = int(xa)
            while x < xb:
                wx = min(xb, x + 1) - max(xa, x)
                k = (y * w + x) * 3
                for c in range(3): acc[c] += px[k + c] * wx * wy
                area += wx * wy
                x += 1
            y += 1
        out += bytes(int(round(a / area)) for a in acc)
open(dst, 'wb').write(b'P6\n224 224\n255\n' + bytes(out))
