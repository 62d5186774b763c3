import { explain, type Explanation } from '@govperf/engine';
import { formatNumber, render } from '../io/output';
import { engineInputError, loadEvaluation, type EvaluateCommandOptions } from './evaluate';

export interface ExplainCommandOptions extends EvaluateCommandOptions {
  unit: string;
  indicator: string;
}

export async function explainCommand(options: ExplainCommandOptions): Promise<string> {
  const { system, input } = await loadEvaluation(options);
  let result: Explanation;
  try {
    result = explain(system, input, options.unit, options.indicator);
  } catch (error) {
    engineInputError(options, error);
  }
  return render(result, options.format, () => ({
    head: ['step 环节', 'value 值'],
    rows: [
      ['indicator 指标', `${result.indicator.path.map((p) => `${p.code} ${p.name.zh}`).join(' › ')}`],
      ...result.facts.map((f) => [`fact 数据 ${f.metric}`, `${f.value ?? '—'}${f.sources.length ? `  (${f.sources.map((s) => Object.values(s).join(':')).join(', ')})` : ''}`]),
      ...(result.formula ? [['formula 公式', `${result.formula.source} = ${result.formula.value === null ? result.formula.noData : formatNumber(result.formula.value, 4)}${result.indicator.unit ? ` ${result.indicator.unit}` : ''}`]] : []),
      ...(result.target !== null ? [['target 目标', `${result.target}${result.tolerance ? ` (tolerance 容差 ${result.tolerance})` : ''}, ${result.indicator.direction === 'cost' ? 'less is better 越小越好' : 'more is better 越大越好'}`]] : []),
      ...(result.scoring ? [[`score 得分 (${result.scoring.method})`, formatNumber(result.scoring.score, 4)]] : []),
      ...result.children.map((c) => [`child 下级 ${c.code} ${c.name.zh}`, `${formatNumber(c.score, 2)} × ${formatNumber(c.localWeight, 4)}`]),
      ['weight 权重', `${result.weight.method}: local ${formatNumber(result.weight.local, 4)}, global ${formatNumber(result.weight.global, 4)}`],
      ['contribution 贡献', formatNumber(result.contribution, 4)],
      ['light 预警', result.light ?? '—'],
      ['composite 综合', `${formatNumber(result.composite.score, 2)}, rank 排名 ${result.composite.rank ?? '—'}${result.composite.vetoed ? ', vetoed 已否决' : ''}`],
    ],
  }));
}
