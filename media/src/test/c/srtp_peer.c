/*
 * libsrtp 2 peer for the media module's interoperability test and benchmark.
 *
 *   srtp_peer MODE KEYHEX SALTHEX MKIHEX      MODE: protect-rtp | unprotect-rtp | protect-rtcp | unprotect-rtcp
 *     reads one packet per line (hex) on stdin, writes one line per packet: the result in hex,
 *     or "ERR <srtp_err_status_t>".
 *   srtp_peer bench SECONDS KEYHEX SALTHEX MKIHEX RTPPAYLOAD RTCPLEN
 *     protects and unprotects RTP packets (12-octet header + RTPPAYLOAD) and RTCP packets of
 *     RTCPLEN octets for about SECONDS each on one thread; prints "<name> <packets per second>".
 *
 * AEAD_AES_128_GCM with a 16-octet tag (RFC 7714), master key 16 octets, master salt 12 octets,
 * the MKI given (may be empty: then no MKI is used).
 */
#include <srtp2/srtp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int unhex(const char *s, unsigned char *out, int max) {
    int n = 0;
    while (s[0] && s[1] && s[0] != '\n' && s[0] != '\r') {
        unsigned int v;
        if (n >= max || sscanf(s, "%2x", &v) != 1) return -1;
        out[n++] = (unsigned char)v;
        s += 2;
    }
    return n;
}

static void puthex(const unsigned char *b, int n) {
    static const char *d = "0123456789abcdef";
    for (int i = 0; i < n; i++) {
        putchar(d[b[i] >> 4]);
        putchar(d[b[i] & 15]);
    }
    putchar('\n');
}

static unsigned char key[28];
static unsigned char mki[32];
static int mki_len;

static srtp_t make(int inbound) {
    srtp_policy_t p;
    static srtp_master_key_t mk;
    static srtp_master_key_t *keys[1];
    memset(&p, 0, sizeof p);
    srtp_crypto_policy_set_aes_gcm_128_16_auth(&p.rtp);
    srtp_crypto_policy_set_aes_gcm_128_16_auth(&p.rtcp);
    p.ssrc.type = inbound ? ssrc_any_inbound : ssrc_any_outbound;
    p.window_size = 128;
    p.allow_repeat_tx = 0;
    if (mki_len > 0) {
        mk.key = key;
        mk.mki_id = mki;
        mk.mki_size = (unsigned)mki_len;
        keys[0] = &mk;
        p.keys = keys;
        p.num_master_keys = 1;
    } else {
        p.key = key;
    }
    srtp_t s;
    srtp_err_status_t e = srtp_create(&s, &p);
    if (e != srtp_err_status_ok) {
        fprintf(stderr, "srtp_create failed: %d\n", e);
        exit(2);
    }
    return s;
}

static int run_lines(const char *mode) {
    int rtcp = strstr(mode, "rtcp") != NULL;
    int protect = strncmp(mode, "protect", 7) == 0;
    srtp_t s = make(!protect);
    static char line[20000];
    static unsigned char buf[8192];
    int use_mki = mki_len > 0;
    while (fgets(line, sizeof line, stdin)) {
        int len = unhex(line, buf, 4096);
        if (len < 0) {
            printf("ERR badhex\n");
            continue;
        }
        srtp_err_status_t e;
        if (protect && !rtcp) e = srtp_protect_mki(s, buf, &len, use_mki, 0);
        else if (protect) e = srtp_protect_rtcp_mki(s, buf, &len, use_mki, 0);
        else if (!rtcp) e = srtp_unprotect_mki(s, buf, &len, use_mki);
        else e = srtp_unprotect_rtcp_mki(s, buf, &len, use_mki);
        if (e != srtp_err_status_ok) printf("ERR %d\n", e);
        else puthex(buf, len);
        fflush(stdout);
    }
    srtp_dealloc(s);
    return 0;
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

/* Protects then unprotects as many packets as fit in `seconds` each; the SEQ or SRTCP index advances. */
static void bench(double seconds, int payload, int rtcplen) {
    srtp_t tx = make(0), rx = make(1);
    int use_mki = mki_len > 0;
    enum { N = 1 << 16 };
    int plen = 12 + payload;
    int prot_len = plen + 16 + mki_len;
    unsigned char *store = malloc((size_t)N * (prot_len + 16));
    unsigned char pkt[2048];
    /* RTP: protect N packets into a store, timed; then unprotect them, timed; repeat until seconds. */
    long done = 0;
    double spent = 0, uspent = 0;
    long udone = 0;
    unsigned int seq = 0;
    while (spent < seconds) {
        double a = now();
        for (int i = 0; i < N; i++) {
            memset(pkt, 0xab, plen);
            pkt[0] = 0x80; pkt[1] = 0;
            pkt[2] = (unsigned char)(seq >> 8); pkt[3] = (unsigned char)seq;
            memset(pkt + 4, 0, 4);
            pkt[8] = 0x12; pkt[9] = 0x34; pkt[10] = 0x56; pkt[11] = 0x78;
            int len = plen;
            if (srtp_protect_mki(tx, pkt, &len, use_mki, 0) != srtp_err_status_ok) { fprintf(stderr, "protect failed\n"); exit(3); }
            memcpy(store + (size_t)i * (prot_len + 16), pkt, len);
            seq = (seq + 1) & 0xffff;
        }
        spent += now() - a;
        done += N;
        a = now();
        for (int i = 0; i < N; i++) {
            int len = prot_len;
            unsigned char *p = store + (size_t)i * (prot_len + 16);
            if (srtp_unprotect_mki(rx, p, &len, use_mki) != srtp_err_status_ok) { fprintf(stderr, "unprotect failed\n"); exit(3); }
        }
        uspent += now() - a;
        udone += N;
    }
    printf("rtp_protect %.0f\n", done / spent);
    printf("rtp_unprotect %.0f\n", udone / uspent);
    /* RTCP (floor control message size). */
    int rprot = rtcplen + 16 + 4 + mki_len;
    spent = uspent = 0;
    done = udone = 0;
    while (spent < seconds) {
        double a = now();
        for (int i = 0; i < N; i++) {
            memset(pkt, 0, rtcplen);
            pkt[0] = 0x80; pkt[1] = 204;
            pkt[2] = 0; pkt[3] = (unsigned char)(rtcplen / 4 - 1);
            pkt[4] = 0x12; pkt[5] = 0x34; pkt[6] = 0x56; pkt[7] = 0x78;
            memcpy(pkt + 8, "MCPT", 4);
            int len = rtcplen;
            if (srtp_protect_rtcp_mki(tx, pkt, &len, use_mki, 0) != srtp_err_status_ok) { fprintf(stderr, "rtcp protect failed\n"); exit(3); }
            memcpy(store + (size_t)i * (prot_len + 16), pkt, len);
        }
        spent += now() - a;
        done += N;
        a = now();
        for (int i = 0; i < N; i++) {
            int len = rprot;
            unsigned char *p = store + (size_t)i * (prot_len + 16);
            if (srtp_unprotect_rtcp_mki(rx, p, &len, use_mki) != srtp_err_status_ok) { fprintf(stderr, "rtcp unprotect failed\n"); exit(3); }
        }
        uspent += now() - a;
        udone += N;
    }
    printf("rtcp_protect %.0f\n", done / spent);
    printf("rtcp_unprotect %.0f\n", udone / uspent);
    free(store);
}

int main(int argc, char **argv) {
    if (argc < 5) {
        fprintf(stderr, "usage: srtp_peer MODE KEYHEX SALTHEX MKIHEX | bench SECONDS KEYHEX SALTHEX MKIHEX PAYLOAD RTCPLEN\n");
        return 1;
    }
    if (srtp_init() != srtp_err_status_ok) {
        fprintf(stderr, "srtp_init failed\n");
        return 2;
    }
    int bench_mode = strcmp(argv[1], "bench") == 0;
    int k = bench_mode ? 3 : 2;
    if (unhex(argv[k], key, 16) != 16 || unhex(argv[k + 1], key + 16, 12) != 12) {
        fprintf(stderr, "key must be 16 octets and salt 12\n");
        return 1;
    }
    mki_len = strcmp(argv[k + 2], "-") == 0 ? 0 : unhex(argv[k + 2], mki, sizeof mki);
    if (mki_len < 0) return 1;
    if (bench_mode) {
        if (argc < 8) return 1;
        bench(atof(argv[2]), atoi(argv[6]), atoi(argv[7]));
        return 0;
    }
    return run_lines(argv[1]);
}
