import { Box, Text } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import {
  useRef,
  useState,
  type KeyboardEvent as ReactKeyboardEvent,
  type PointerEvent as ReactPointerEvent,
} from 'react';
import { useTranslation } from 'react-i18next';
import { ChannelIcon, CHANNEL_COLOURS } from './channel-icon.tsx';
import { describeDay, signedDay } from './day-text.ts';
import {
  axisRange,
  firstFreeDay,
  isDayTaken,
  MAX_OFFSET,
  MIN_OFFSET,
  tickInterval,
  type StepDraft,
} from './profile-draft.ts';

/** Space left and right of the axis, so that markers at its ends stay inside the box. */
const AXIS_PADDING = 24;
const MARKER_SIZE = 30;
const LANE_HEIGHT = 46;
/** Room a marker with its label takes on a lane before the next marker fits beside it. */
const LABEL_WIDTH = 150;
const MAX_LANES = 4;
/** Pointer travel in pixels below which a press counts as a click, not a drag. */
const DRAG_THRESHOLD = 3;
const ARROW_DIRECTIONS: Readonly<Record<string, 1 | -1>> = { ArrowRight: 1, ArrowLeft: -1 };

interface DragState {
  key: string;
  offset: number;
  startX: number;
  moved: boolean;
  range: { from: number; to: number };
}

export interface StepTimelineProps {
  steps: StepDraft[];
  selectedKey: string | null;
  /** Keys of steps with a server error, drawn with a red ring. */
  invalidKeys: ReadonlySet<string>;
  readOnly: boolean;
  onSelect(key: string): void;
  /** Enter on a step: select it and move the focus to its form. */
  onOpen(key: string): void;
  onMove(key: string, offset: number): void;
  onRemove(key: string): void;
}

/**
 * Draws the steps of a profile on a horizontal day axis around the due
 * date. A step is dragged with the pointer to another whole day, or moved
 * with the arrow keys, by a week with Shift. A day that another step has
 * is skipped. The axis keeps its range while a drag lasts, so the day
 * under the pointer does not shift.
 */
export function StepTimeline(props: StepTimelineProps) {
  const { t } = useTranslation('profiles');
  const { ref, width } = useElementSize();
  const areaRef = useRef<HTMLDivElement | null>(null);
  const [drag, setDrag] = useState<DragState | null>(null);

  const range = drag?.range ?? axisRange(props.steps);
  const span = range.to - range.from;
  const usable = Math.max(width - 2 * AXIS_PADDING, 1);
  const xOf = (offset: number) => AXIS_PADDING + ((offset - range.from) / span) * usable;
  const shown = props.steps.map((step) =>
    drag?.key === step.key ? { ...step, dayOffset: drag.offset } : step,
  );
  const lanes = assignLanes(shown, xOf, width);
  const laneCount = Math.max(1, ...[...lanes.values()].map((lane) => lane + 1));
  const axisY = laneCount * LANE_HEIGHT + 12;

  function offsetAt(clientX: number): number {
    const left = areaRef.current?.getBoundingClientRect().left ?? 0;
    const offset = Math.round(range.from + ((clientX - left - AXIS_PADDING) / usable) * span);

    return Math.min(range.to, Math.max(range.from, offset));
  }

  function startDrag(event: ReactPointerEvent<HTMLDivElement>, step: StepDraft) {
    if (props.readOnly || event.button !== 0) {
      props.onSelect(step.key);
      return;
    }
    event.currentTarget.setPointerCapture(event.pointerId);
    setDrag({ key: step.key, offset: step.dayOffset, startX: event.clientX, moved: false, range });
  }

  function continueDrag(event: ReactPointerEvent<HTMLDivElement>) {
    if (!drag) {
      return;
    }
    const moved = drag.moved || Math.abs(event.clientX - drag.startX) > DRAG_THRESHOLD;
    const offset = offsetAt(event.clientX);
    const free = !isDayTaken(props.steps, drag.key, offset);
    setDrag({ ...drag, moved, offset: moved && free ? offset : drag.offset });
  }

  function endDrag(step: StepDraft) {
    if (!drag) {
      return;
    }
    if (drag.moved && drag.offset !== step.dayOffset) {
      props.onMove(step.key, drag.offset);
    }
    props.onSelect(step.key);
    setDrag(null);
  }

  function handleKey(event: ReactKeyboardEvent<HTMLDivElement>, step: StepDraft) {
    if (event.key === 'Enter') {
      event.preventDefault();
      props.onOpen(step.key);
      return;
    }
    if (props.readOnly) {
      return;
    }
    if (event.key === 'Delete' || event.key === 'Backspace') {
      event.preventDefault();
      props.onRemove(step.key);
      return;
    }
    const direction = ARROW_DIRECTIONS[event.key];
    if (direction === undefined) {
      return;
    }
    event.preventDefault();
    const wanted = step.dayOffset + direction * (event.shiftKey ? 7 : 1);
    const clamped = Math.min(MAX_OFFSET, Math.max(MIN_OFFSET, wanted));
    const target = firstFreeDay(props.steps, step.key, clamped, direction);
    if (target !== null && target !== step.dayOffset) {
      props.onMove(step.key, target);
    }
  }

  return (
    <Box ref={ref} data-testid="step-timeline">
      <div
        ref={areaRef}
        role="group"
        aria-label={t('timeline.label')}
        style={{
          position: 'relative',
          height: axisY + 56,
          touchAction: 'none',
          userSelect: 'none',
        }}
      >
        <Axis range={range} axisY={axisY} xOf={xOf} />
        {shown.map((step) => (
          <StepMarker
            key={step.key}
            step={step}
            x={xOf(step.dayOffset)}
            y={axisY - ((lanes.get(step.key) ?? 0) + 1) * LANE_HEIGHT}
            axisY={axisY}
            labelLeft={labelsLeft(xOf(step.dayOffset), width)}
            selected={props.selectedKey === step.key}
            dragging={drag?.key === step.key}
            invalid={props.invalidKeys.has(step.key)}
            valueText={`${step.name}: ${describeDay(t, step.dayOffset)}`}
            dayLabel={t('timeline.day', { day: signedDay(step.dayOffset) })}
            onPointerDown={(event) => startDrag(event, step)}
            onPointerMove={continueDrag}
            onPointerUp={() => endDrag(props.steps.find((s) => s.key === step.key) ?? step)}
            onPointerCancel={() => setDrag(null)}
            onKeyDown={(event) => handleKey(event, step)}
          />
        ))}
      </div>
      <Text size="xs" c="dimmed">
        {props.readOnly ? t('timeline.readOnlyHelp') : t('timeline.help')}
      </Text>
    </Box>
  );
}

/**
 * Puts each step on the lowest lane where its marker and label do not
 * overlap the step before it. A label near the right edge is drawn to the
 * left of its marker (see labelsLeft), so it takes room there. When every
 * lane is full, the step goes on the lane whose last label ends first.
 */
function assignLanes(
  steps: StepDraft[],
  xOf: (offset: number) => number,
  width: number,
): Map<string, number> {
  const lanes = new Map<string, number>();
  const laneEnds: number[] = [];
  for (const step of [...steps].sort((a, b) => a.dayOffset - b.dayOffset)) {
    const x = xOf(step.dayOffset);
    const left = labelsLeft(x, width);
    const start = left ? x - LABEL_WIDTH : x - MARKER_SIZE / 2;
    const end = left ? x + MARKER_SIZE / 2 : x + LABEL_WIDTH;
    let lane = laneEnds.findIndex((laneEnd) => laneEnd <= start);
    if (lane === -1) {
      lane =
        laneEnds.length < MAX_LANES ? laneEnds.length : laneEnds.indexOf(Math.min(...laneEnds));
    }
    laneEnds[lane] = end;
    lanes.set(step.key, lane);
  }

  return lanes;
}

/** Reports whether a marker sits so close to the right edge that its label goes on its left. */
function labelsLeft(x: number, width: number): boolean {
  return x > width - LABEL_WIDTH;
}

function Axis(props: {
  range: { from: number; to: number };
  axisY: number;
  xOf: (offset: number) => number;
}) {
  const { t } = useTranslation('profiles');
  const { from, to } = props.range;
  const interval = tickInterval(to - from);
  const ticks: number[] = [];
  for (let day = Math.ceil(from / interval) * interval; day <= to; day += interval) {
    ticks.push(day);
  }
  const dueX = props.xOf(0);

  return (
    <>
      <div
        style={{
          position: 'absolute',
          left: props.xOf(from),
          width: props.xOf(to) - props.xOf(from),
          top: props.axisY,
          height: 2,
          background: 'var(--mantine-color-gray-6)',
        }}
      />
      {ticks.map((day) => (
        <div key={day} aria-hidden="true">
          <div
            style={{
              position: 'absolute',
              left: props.xOf(day) - 0.5,
              top: props.axisY - 4,
              width: 1,
              height: 10,
              background: 'var(--mantine-color-gray-6)',
            }}
          />
          <Text
            size="xs"
            c="dimmed"
            style={{
              position: 'absolute',
              left: props.xOf(day),
              top: props.axisY + 8,
              transform: 'translateX(-50%)',
              whiteSpace: 'nowrap',
            }}
          >
            {signedDay(day)}
          </Text>
        </div>
      ))}
      <div
        data-testid="due-date-line"
        style={{
          position: 'absolute',
          left: dueX - 1.5,
          top: 0,
          width: 3,
          height: props.axisY + 6,
          background: 'var(--mantine-color-red-6)',
          opacity: 0.75,
        }}
      />
      <Text
        size="xs"
        fw={700}
        c="red.7"
        style={{
          position: 'absolute',
          left: dueX,
          top: props.axisY + 26,
          transform: 'translateX(-50%)',
          whiteSpace: 'nowrap',
        }}
      >
        {t('timeline.dueDate')}
      </Text>
    </>
  );
}

interface StepMarkerProps {
  step: StepDraft;
  x: number;
  y: number;
  axisY: number;
  labelLeft: boolean;
  selected: boolean;
  dragging: boolean;
  invalid: boolean;
  valueText: string;
  /** Short day text under the name, such as "Day +7". */
  dayLabel: string;
  onPointerDown(event: ReactPointerEvent<HTMLDivElement>): void;
  onPointerMove(event: ReactPointerEvent<HTMLDivElement>): void;
  onPointerUp(): void;
  onPointerCancel(): void;
  onKeyDown(event: ReactKeyboardEvent<HTMLDivElement>): void;
}

function StepMarker(props: StepMarkerProps) {
  const colour = CHANNEL_COLOURS[props.step.channel];
  const ring = props.invalid
    ? '0 0 0 3px var(--mantine-color-red-6)'
    : props.selected
      ? '0 0 0 3px var(--mantine-color-dark-4)'
      : 'none';
  const markerTop = props.y + (LANE_HEIGHT - MARKER_SIZE) / 2;

  return (
    <>
      <div
        aria-hidden="true"
        style={{
          position: 'absolute',
          left: props.x - 0.5,
          top: markerTop + MARKER_SIZE,
          width: 1,
          height: props.axisY - markerTop - MARKER_SIZE,
          background: `var(--mantine-color-${colour}-4)`,
        }}
      />
      <div
        role="slider"
        tabIndex={0}
        aria-label={props.step.name}
        aria-valuemin={MIN_OFFSET}
        aria-valuemax={MAX_OFFSET}
        aria-valuenow={props.step.dayOffset}
        aria-valuetext={props.valueText}
        aria-invalid={props.invalid || undefined}
        data-testid={`step-marker-${props.step.name}`}
        data-step-key={props.step.key}
        className="profile-step-marker"
        onPointerDown={props.onPointerDown}
        onPointerMove={props.onPointerMove}
        onPointerUp={props.onPointerUp}
        onPointerCancel={props.onPointerCancel}
        onKeyDown={props.onKeyDown}
        style={{
          position: 'absolute',
          left: props.x - MARKER_SIZE / 2,
          top: markerTop,
          width: MARKER_SIZE,
          height: MARKER_SIZE,
          borderRadius: '50%',
          display: 'flex',
          alignItems: 'center',
          justifyContent: 'center',
          color: 'white',
          background: `var(--mantine-color-${colour}-${props.dragging ? 8 : 6})`,
          boxShadow: ring,
          cursor: props.dragging ? 'grabbing' : 'grab',
          zIndex: props.dragging || props.selected ? 2 : 1,
        }}
      >
        <ChannelIcon channel={props.step.channel} />
      </div>
      <div
        aria-hidden="true"
        style={{
          position: 'absolute',
          top: markerTop - 2,
          ...(props.labelLeft
            ? { right: `calc(100% - ${props.x - MARKER_SIZE / 2 - 6}px)`, textAlign: 'right' }
            : { left: props.x + MARKER_SIZE / 2 + 6 }),
          maxWidth: LABEL_WIDTH - MARKER_SIZE - 10,
          lineHeight: 1.2,
          pointerEvents: 'none',
        }}
      >
        <Text
          size="xs"
          fw={props.selected || props.invalid ? 700 : 500}
          c={props.invalid ? 'red.7' : undefined}
          truncate="end"
        >
          {props.step.name}
        </Text>
        <Text size="xs" c="dimmed">
          {props.dayLabel}
        </Text>
      </div>
    </>
  );
}
