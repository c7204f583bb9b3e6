import { useMemo } from 'react';
import { Rectangle, Sankey, Tooltip, type SankeyNodeProps as NodeProps } from 'recharts';
import type { CashFlowDTO } from '../../../shared/dto';
import { formatMoney, minorToMajor } from '../lib/money';
import { ChartFrame } from './ChartFrame';
import { INCOME_COLOR, OTHER_COLOR } from './palette';

/** What a node of the flow stands for, so a click opens exactly its transactions. */
export type FlowNode =
  | { kind: 'income-category'; categoryId: string | null; name: string; minor: number }
  | { kind: 'income'; name: string; minor: number }
  | { kind: 'from-savings'; name: string; minor: number }
  | { kind: 'spending-category'; categoryId: string | null; name: string; minor: number }
  | { kind: 'saved'; name: string; minor: number };

const SAVED_COLOR = INCOME_COLOR;

/**
 * Income by category → Money in → spending by category and Saved (or, when more went out, From savings →
 * Money in). The hub is not called "Income": the built-in income category already is.
 */
export function flowNodes(flow: CashFlowDTO): { nodes: (FlowNode & { fill: string })[]; links: { source: number; target: number; value: number }[] } {
  const nodes: (FlowNode & { fill: string })[] = [];
  const links: { source: number; target: number; value: number }[] = [];
  const hub = flow.income.length;
  for (const i of flow.income) nodes.push({ kind: 'income-category', categoryId: i.categoryId, name: i.name, minor: i.minor, fill: INCOME_COLOR });
  nodes.push({ kind: 'income', name: 'Money in', minor: flow.incomeMinor, fill: INCOME_COLOR });
  flow.income.forEach((i, n) => links.push({ source: n, target: hub, value: minorToMajor(i.minor, flow.currency) }));
  if (flow.savedMinor < 0) {
    nodes.push({ kind: 'from-savings', name: 'From savings', minor: -flow.savedMinor, fill: OTHER_COLOR });
    links.push({ source: nodes.length - 1, target: hub, value: minorToMajor(-flow.savedMinor, flow.currency) });
  }
  for (const s of flow.spending) {
    nodes.push({ kind: 'spending-category', categoryId: s.categoryId, name: s.name, minor: s.minor, fill: s.color });
    links.push({ source: hub, target: nodes.length - 1, value: minorToMajor(s.minor, flow.currency) });
  }
  if (flow.savedMinor > 0) {
    nodes.push({ kind: 'saved', name: 'Saved', minor: flow.savedMinor, fill: SAVED_COLOR });
    links.push({ source: hub, target: nodes.length - 1, value: minorToMajor(flow.savedMinor, flow.currency) });
  }
  return { nodes, links };
}

function FlowNodeShape(props: NodeProps & { onOpen?: (node: FlowNode) => void; currency: string }) {
  const { x, y, width, height, payload, onOpen, currency } = props;
  const node = payload as unknown as FlowNode & { fill: string };
  const leftSide = node.kind === 'income-category' || node.kind === 'from-savings';
  return (
    <g style={{ cursor: onOpen ? 'pointer' : undefined }} onClick={() => onOpen?.(node)}>
      <Rectangle x={x} y={y} width={width} height={height} fill={node.fill} fillOpacity={1} />
      <text x={leftSide ? x + width + 6 : x - 6} y={y + height / 2} textAnchor={leftSide ? 'start' : 'end'} dominantBaseline="middle" fontSize={12} fill="var(--text)">
        {node.name} {formatMoney(node.minor, currency)}
      </text>
    </g>
  );
}

/** Where the money came from and where it went in one currency; a node opens its transactions. */
export function CashFlowSankey({ flow, onOpen }: { flow: CashFlowDTO; onOpen?: (node: FlowNode) => void }) {
  const data = useMemo(() => flowNodes(flow), [flow]);
  const height = Math.max(220, 28 * Math.max(flow.spending.length + 1, flow.income.length + 1));
  return (
    <ChartFrame height={height} label={`Cash flow in ${flow.currency}: income by category into spending by category and saved`}>
      <Sankey
        data={data}
        nodePadding={14}
        nodeWidth={12}
        margin={{ top: 8, right: 160, bottom: 8, left: 160 }}
        link={{ stroke: 'var(--grid)', strokeOpacity: 0.6 }}
        node={(p: NodeProps) => <FlowNodeShape {...p} onOpen={onOpen} currency={flow.currency} />}
      >
        <Tooltip contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)' }} />
      </Sankey>
    </ChartFrame>
  );
}
