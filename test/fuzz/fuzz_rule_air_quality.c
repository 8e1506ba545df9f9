/*
 * air_quality: the pollutant term of one score, and whole settlements of a
 * few cities over a few units.  Beyond "no crash", it checks what the SQL
 * layer relies on: an amount the kernel returns agrees with the same
 * formula in long double (it never wraps around), a party's total is its
 * capped sum of unit totals, and the cumulative units of a year add up to
 * the term of the year's last score.
 */
#include <math.h>

#include "fuzz_input.h"
#include "rule_air_quality.h"

/* Often a sensible value, sometimes any double at all. */
static double
fz_nice(fz *f, double scale)
{
	return fz_bool(f) ? fz_int(f, 0, 1000) * scale : fz_double(f);
}

/* L(|S|)·coef·mult in fen, in long double. */
static long double
reference_amount(int64_t score_nano, int nb, const double *bmin, const double *bmax,
				 const ec_fen *rate, int64_t coef_nano, int64_t mult_nano)
{
	long double x = fabsl((long double) score_nano) / EC_NANO;
	long double acc = 0;

	for (int b = 0; b < nb; b++)
	{
		long double top = isnan(bmax[b]) ? x : fminl(x, (long double) bmax[b]);

		if (top > bmin[b])
			acc += (long double) rate[b] * (top - bmin[b]);
	}
	return acc * coef_nano / EC_NANO * mult_nano / EC_NANO;
}

static void
check_amount(fz *f)
{
	int			nb = fz_int(f, 1, 3);
	double		bmin[3],
				bmax[3];
	ec_fen		rate[3];
	int64_t		score = fz_bool(f) ? (int64_t) fz_int(f, -100000, 100000) * 1000000 : fz_int64(f);
	int64_t		coef = fz_bool(f) ? (int64_t) fz_int(f, 1, 3000) * 1000000 : fz_int64(f);
	int64_t		mult = fz_bool(f) ? (int64_t) fz_int(f, 0, 1000) * 1000000 : fz_int64(f);
	ec_fen		out;
	double		lo = 0;

	for (int b = 0; b < nb; b++)
	{
		bmin[b] = lo;
		bmax[b] = b == nb - 1 && fz_bool(f) ? NAN : lo + fz_nice(f, 0.5);
		rate[b] = fz_bool(f) ? fz_int(f, 0, 100000) * (ec_fen) 100 : fz_int64(f);
		lo = isnan(bmax[b]) ? lo : bmax[b];
	}
	/* what ec_air_quality refuses before it asks for an amount */
	if (coef <= 0 || mult < 0)
		return;
	for (int b = 0; b < nb; b++)
		if (!isfinite(bmin[b]) || (!isnan(bmax[b]) && !(bmax[b] > bmin[b])) ||
			rate[b] < 0 || rate[b] > EC_FEN_MAX)
			return;
	if (ec_aq_amount(score, nb, bmin, bmax, rate, coef, mult, &out))
	{
		long double ref = reference_amount(score, nb, bmin, bmax, rate, coef, mult);
		/*
		 * Three roundings at 1e-9 fen, the middle one scaled by mult, and
		 * band edges held at 1e-9 µg/m³ (two per band, half a nano each).
		 */
		long double tol = 1.0L + (long double) mult / EC_NANO * 1e-9L + fabsl(ref) * 1e-15L;

		for (int b = 0; b < nb; b++)
			tol += (long double) rate[b] * 1e-9L * coef / EC_NANO * mult / EC_NANO;

		if (fabsl(fabsl((long double) out) - ref) > tol)
			abort();
		if ((score < 0 && out > 0) || (score > 0 && out < 0) || out > EC_FEN_MAX || out < -EC_FEN_MAX)
			abort();
	}
}

static void
check_settlement(fz *f)
{
	ec_aq_input in = {0};
	ec_aq_output out = {0};
	int			np = fz_int(f, 1, 3);
	int			nu = fz_int(f, 1, 6);
	int			nind = fz_int(f, 1, 4);
	int			cells = np * nu;
	double	   *w = FZ_OUT(double, nind);
	double	   *now = FZ_OUT(double, cells * nind);
	double	   *base = FZ_OUT(double, cells * nind);
	bool	   *valid = FZ_OUT(bool, cells);
	double		bmin[2] = {0, 0},
				bmax[2] = {NAN, NAN};
	ec_fen		rate[2];
	double	   *coef = FZ_OUT(double, np);
	int64_t    *tc = FZ_OUT(int64_t, cells);
	double	   *gdd = FZ_OUT(double, cells);
	ec_fen	   *award = FZ_OUT(ec_fen, cells);
	ec_status	st;

	for (int j = 0; j < nind; j++)
		w[j] = fz_nice(f, 0.05);
	for (int i = 0; i < cells * nind; i++)
	{
		now[i] = fz_nice(f, 0.1);
		base[i] = fz_nice(f, 0.1);
	}
	for (int c = 0; c < cells; c++)
	{
		valid[c] = fz_int(f, 0, 3) != 0;
		tc[c] = fz_bool(f) ? (int64_t) fz_int(f, 0, 4) * 250000000 : fz_int64(f);
		gdd[c] = fz_bool(f) ? NAN : fz_nice(f, 0.001);
		award[c] = fz_bool(f) ? 0 : fz_int64(f);
	}
	for (int p = 0; p < np; p++)
		coef[p] = fz_bool(f) ? 1.0 + fz_int(f, 0, 4) * 0.25 : fz_double(f);
	in.nparties = np;
	in.nunits = nu;
	in.nind = nind;
	in.weights = w;
	in.now = now;
	in.base = base;
	in.valid = valid;
	in.cumulative = fz_bool(f);
	in.paid_from = 0;
	in.nbands = fz_int(f, 1, 2);
	rate[0] = fz_bool(f) ? fz_int(f, 0, 200000) * (ec_fen) 100 : fz_int64(f);
	rate[1] = fz_bool(f) ? fz_int(f, 0, 200000) * (ec_fen) 100 : fz_int64(f);
	if (in.nbands == 2)
		bmax[0] = bmin[1] = fz_bool(f) ? 5.0 : fz_double(f);
	in.band_min = bmin;
	in.band_max = bmax;
	in.band_rate = rate;
	in.coefficient = coef;
	in.target_coef_nano = fz_bool(f) ? tc : NULL;
	in.good_day_delta = fz_bool(f) ? gdd : NULL;
	in.good_day_rate = fz_bool(f) ? fz_int(f, 0, 100000) * (ec_fen) 100 : fz_int64(f);
	in.award = fz_bool(f) ? award : NULL;
	in.cap = fz_bool(f) ? -1 : fz_int64(f);
	out.score_nano = FZ_OUT(int64_t, cells);
	out.pollutant = FZ_OUT(ec_fen, cells);
	out.good_day = FZ_OUT(ec_fen, cells);
	out.unit_total = FZ_OUT(ec_fen, cells);
	out.uncapped = FZ_OUT(ec_fen, np);
	out.total = FZ_OUT(ec_fen, np);

	st = ec_air_quality(&in, &out);
	if (st == EC_OK)
	{
		for (int p = 0; p < np; p++)
		{
			__int128	sum = 0;
			__int128	pollutant = 0;
			int			last = -1;

			for (int u = 0; u < nu; u++)
			{
				int			c = p * nu + u;

				if (!valid[c] && (out.pollutant[c] || out.good_day[c] || out.unit_total[c]))
					abort();	/* a missing cell pays nothing */
				if ((__int128) out.pollutant[c] + out.good_day[c] + (in.award && valid[c] ? award[c] : 0) != out.unit_total[c])
					abort();
				sum += out.unit_total[c];
				pollutant += out.pollutant[c];
				if (valid[c])
					last = c;
			}
			if (sum != out.uncapped[p])
				abort();
			if (in.cap >= 0 && (out.total[p] > in.cap || out.total[p] < -in.cap))
				abort();
			if (in.cap < 0 && out.total[p] != out.uncapped[p])
				abort();
			if (in.cumulative && last >= 0)
			{
				/* the units add up to the term of the year to date */
				ec_fen		year;
				int64_t		cn,
							mult = EC_NANO;

				if (!ec_to_nano(coef[p], &cn))
					abort();
				if (in.target_coef_nano && out.score_nano[last] > 0)
					mult = tc[last];
				if (!ec_aq_amount(out.score_nano[last], in.nbands, bmin, bmax, rate, cn, mult, &year) ||
					pollutant != year)
					abort();
			}
		}
	}
	else if (out.bad < -1)
		abort();
	free(w);
	free(now);
	free(base);
	free(valid);
	free(coef);
	free(tc);
	free(gdd);
	free(award);
	free(out.score_nano);
	free(out.pollutant);
	free(out.good_day);
	free(out.unit_total);
	free(out.uncapped);
	free(out.total);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz			f = {data, size};

	if (fz_bool(&f))
		check_amount(&f);
	else
		check_settlement(&f);
	return 0;
}
