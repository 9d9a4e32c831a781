import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import {
  FULL_WEIGHT_BP,
  formatWeight,
  MAX_SCALE_LEVELS,
  MIN_SCALE_LEVELS,
  RATER_TYPES,
  type RaterType,
  type ReviewTemplate,
  type ReviewTemplateBody,
} from '@perfloop/core';
import {
  Alert,
  Button,
  Card,
  Col,
  Form,
  Input,
  InputNumber,
  Radio,
  Result,
  Row,
  Space,
  Spin,
  Switch,
  Typography,
} from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ApiError, api } from '../../api/client';
import { describeError } from '../../shared/errors';
import { useFormMutation } from '../../shared/use-form-mutation';
import {
  useDefaultReviewTemplate,
  useInvalidateReviewTemplates,
  useReviewTemplate,
} from './review-templates.api';
import { SubmitErrorAlert } from './SubmitErrorAlert';

/*
 * The form's field names follow the request body's (`definition.dimensions.0.weightBp` …), so the
 * server's field errors land under the fields they name. Weights are typed as percentages in those
 * fields and sent as basis points; the attainment cap is typed as a percentage too (120 = 1.2).
 */
type LevelValues = { label?: string; anchor?: string };
type ItemValues = {
  key: string;
  name?: string;
  description?: string;
  weightBp?: number | null;
  customAnchors?: boolean;
  anchors?: (string | undefined)[];
};
type DimensionValues = {
  key: string;
  name?: string;
  weightBp?: number | null;
  source: 'ratings' | 'attainment';
  attainmentCap?: number | null;
  items?: ItemValues[];
};
type DefinitionValues = {
  scale: LevelValues[];
  commentRequiredAtExtremes: boolean;
  raterWeights: Partial<Record<RaterType, number | null>>;
  anonymityMinimum: number | null;
  nominations: { min: number | null; max: number | null };
  upwardReviews: boolean;
  dimensions: DimensionValues[];
};
type Values = { name: string; archived?: boolean; definition: DefinitionValues };

const toBp = (percent: number | null | undefined) => Math.round((percent ?? 0) * 100);
const toPercent = (bp: number) => bp / 100;
const capToPercent = (cap: number) => Math.round(cap * 10_000) / 100;
/** A key answers refer to across versions: made once, kept when names and weights change. */
const newKey = (prefix: 'd' | 'i') =>
  `${prefix}_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
const sumBp = (weights: readonly (number | null | undefined)[]) =>
  weights.reduce<number>((s, w) => s + toBp(w), 0);

function valuesOf(body: ReviewTemplateBody, archived?: boolean): Values {
  const d = body.definition;
  return {
    name: body.name,
    ...(archived !== undefined && { archived }),
    definition: {
      scale: d.scale.map((level) => ({ ...level })),
      commentRequiredAtExtremes: d.commentRequiredAtExtremes,
      raterWeights: Object.fromEntries(RATER_TYPES.map((r) => [r, toPercent(d.raterWeights[r])])),
      anonymityMinimum: d.anonymityMinimum,
      nominations: { ...d.nominations },
      upwardReviews: d.upwardReviews,
      dimensions: d.dimensions.map((dim) => ({
        key: dim.key,
        name: dim.name,
        weightBp: toPercent(dim.weightBp),
        source: dim.source,
        attainmentCap: capToPercent(dim.attainmentCap),
        items: dim.items.map((item) => ({
          key: item.key,
          name: item.name,
          description: item.description,
          weightBp: toPercent(item.weightBp),
          customAnchors: item.anchors.length > 0,
          anchors: item.anchors,
        })),
      })),
    },
  };
}

/** An item's own anchors, one per level of the scale; none when it uses the scale's. */
function anchorsOf(item: ItemValues, levels: number): string[] {
  if (!item.customAnchors) return [];
  const anchors = Array.from({ length: levels }, (_, i) => (item.anchors?.[i] ?? '').trim());
  return anchors.some(Boolean) ? anchors : [];
}

function bodyOf(v: Values) {
  const d = v.definition;
  const scale = (d.scale ?? []).map((level) => ({ label: level.label ?? '', anchor: level.anchor ?? '' }));
  return {
    name: v.name ?? '',
    definition: {
      scale,
      commentRequiredAtExtremes: !!d.commentRequiredAtExtremes,
      raterWeights: Object.fromEntries(RATER_TYPES.map((r) => [r, toBp(d.raterWeights?.[r])])) as Record<
        RaterType,
        number
      >,
      anonymityMinimum: d.anonymityMinimum ?? 3,
      nominations: { min: d.nominations?.min ?? 0, max: d.nominations?.max ?? 0 },
      upwardReviews: !!d.upwardReviews,
      dimensions: (d.dimensions ?? []).map((dim) => ({
        key: dim.key,
        name: dim.name ?? '',
        weightBp: toBp(dim.weightBp),
        source: dim.source,
        attainmentCap: (dim.attainmentCap ?? 100) / 100,
        items:
          dim.source === 'attainment'
            ? []
            : (dim.items ?? []).map((item) => ({
                key: item.key,
                name: item.name ?? '',
                description: item.description ?? '',
                weightBp: toBp(item.weightBp),
                anchors: anchorsOf(item, scale.length),
              })),
      })),
    },
  };
}

/** The server's errors about a whole list or group (`definition.dimensions` weights_not_100), translated. */
function groupErrors(error: unknown, path: string, t: TFunction): string[] {
  if (!(error instanceof ApiError)) return [];
  return error.fieldErrors
    .filter((f) => f.path === `body.${path}`)
    .map((f) => t(`fieldErrors:${f.code}`, { keySeparator: false, defaultValue: f.message }));
}

/** The live total of a group of weights: it must be exactly 100% before the server takes it. */
function WeightSum({ weights, testId }: { weights: readonly (number | null | undefined)[]; testId: string }) {
  const { t } = useTranslation();
  const bp = sumBp(weights);
  const ok = bp === FULL_WEIGHT_BP;
  return (
    <Typography.Text type={ok ? 'success' : 'danger'} style={{ fontSize: 13 }} data-testid={testId}>
      {t(ok ? 'reviewTemplates.weightSum' : 'reviewTemplates.weightSumBad', { sum: formatWeight(bp) })}
    </Typography.Text>
  );
}

function ErrorLines({ errors }: { errors: string[] }) {
  if (errors.length === 0) return null;
  return (
    <div role="alert">
      {errors.map((e) => (
        <Typography.Text key={e} type="danger" style={{ display: 'block' }}>
          {e}
        </Typography.Text>
      ))}
    </div>
  );
}

const required = (t: TFunction) => ({ required: true, whitespace: true, message: t('fieldErrors:required') });
const requiredNumber = (t: TFunction) => ({ required: true, message: t('fieldErrors:required') });

function TemplateForm(props: {
  initial: ReviewTemplateBody;
  template?: ReviewTemplate;
  etag?: string | null;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const invalidate = useInvalidateReviewTemplates();
  const template = props.template;
  const submission = useFormMutation({
    form,
    mutate: (v: Values) => {
      const body = bodyOf(v);
      return template
        ? api('PUT /review-templates/{id}', {
            params: { id: template.id },
            body: { ...body, archived: !!v.archived },
            ifMatch: props.etag ?? `"${template.version}"`,
          })
        : api('POST /review-templates', { body });
    },
    successMessage: (saved) =>
      !template
        ? t('reviewTemplates.created')
        : saved.templateVersion > template.templateVersion
          ? t('reviewTemplates.savedNewVersion', { n: saved.templateVersion })
          : t('reviewTemplates.saved'),
    onSuccess: async () => {
      await invalidate();
      navigate('/reviews/templates');
    },
  });
  // A new template starts from the default's definition, not its name: two templates of one name confuse.
  const initialValues = valuesOf(
    template ? props.initial : { ...props.initial, name: '' },
    template?.archived,
  );
  const watched = Form.useWatch('definition', form) as DefinitionValues | undefined;
  const definition = watched ?? initialValues.definition;
  const levels = definition.scale?.length ?? 0;
  const errorsAt = (path: string) => groupErrors(submission.error, path, t);

  return (
    <Card
      title={template ? t('reviewTemplates.edit') : t('reviewTemplates.new')}
      extra={
        <Space>
          <Button onClick={() => navigate('/reviews/templates')}>{t('common.cancel')}</Button>
          <Button type="primary" loading={submission.submitting} onClick={() => form.submit()}>
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      {template && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('reviewTemplates.versionNote', {
            version: template.templateVersion,
            count: template.usedBy,
          })}
        />
      )}
      {submission.error !== null && (
        <div style={{ marginBottom: 16 }}>
          <SubmitErrorAlert error={submission.error} />
        </div>
      )}
      <Form<Values> form={form} layout="vertical" initialValues={initialValues} onFinish={submission.submit}>
        <Row gutter={16}>
          <Col xs={24} md={template ? 16 : 24}>
            <Form.Item name="name" label={t('reviewTemplates.name')} rules={[required(t)]}>
              <Input
                maxLength={100}
                placeholder={template ? undefined : t('reviewTemplates.namePlaceholder')}
              />
            </Form.Item>
          </Col>
          {template && (
            <Col xs={24} md={8}>
              <Form.Item name="archived" label={t('reviewTemplates.archived')} valuePropName="checked">
                <Switch />
              </Form.Item>
            </Col>
          )}
        </Row>

        <Typography.Title level={5}>{t('reviewTemplates.scale')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('reviewTemplates.scaleHelp')}</Typography.Paragraph>
        <Form.List name={['definition', 'scale']}>
          {(fields, { add, remove }) => (
            <Space orientation="vertical" style={{ width: '100%', marginBottom: 16 }}>
              {fields.map((field, index) => (
                <Row key={field.key} gutter={12} align="top">
                  <Col xs={24} md={5}>
                    <Form.Item
                      name={[field.name, 'label']}
                      label={t('reviewTemplates.level', { n: index + 1 })}
                      rules={[required(t)]}
                    >
                      <Input maxLength={40} placeholder={t('reviewTemplates.levelLabel')} />
                    </Form.Item>
                  </Col>
                  <Col xs={22} md={18}>
                    <Form.Item
                      name={[field.name, 'anchor']}
                      label={t('reviewTemplates.anchor')}
                      rules={[required(t)]}
                    >
                      <Input.TextArea
                        rows={1}
                        autoSize={{ minRows: 1, maxRows: 4 }}
                        maxLength={500}
                        placeholder={t('reviewTemplates.anchorPlaceholder')}
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={2} md={1} style={{ paddingTop: 30 }}>
                    <Button
                      type="text"
                      icon={<MinusCircleOutlined />}
                      disabled={fields.length <= MIN_SCALE_LEVELS}
                      onClick={() => remove(field.name)}
                      aria-label={t('reviewTemplates.removeLevel')}
                    />
                  </Col>
                </Row>
              ))}
              <ErrorLines errors={errorsAt('definition.scale')} />
              <Button
                icon={<PlusOutlined />}
                disabled={fields.length >= MAX_SCALE_LEVELS}
                onClick={() => add({ label: '', anchor: '' })}
              >
                {t('reviewTemplates.addLevel')}
              </Button>
            </Space>
          )}
        </Form.List>
        <Form.Item
          name={['definition', 'commentRequiredAtExtremes']}
          valuePropName="checked"
          label={t('reviewTemplates.commentRequiredAtExtremes')}
          extra={t('reviewTemplates.commentRequiredAtExtremesHelp')}
        >
          <Switch />
        </Form.Item>

        <Typography.Title level={5}>
          {t('reviewTemplates.raters')}{' '}
          <WeightSum
            weights={RATER_TYPES.map((r) => definition.raterWeights?.[r])}
            testId="rater-weight-sum"
          />
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('reviewTemplates.ratersHelp')}</Typography.Paragraph>
        <Row gutter={12}>
          {RATER_TYPES.map((rater) => (
            <Col key={rater} xs={12} md={4}>
              <Form.Item
                name={['definition', 'raterWeights', rater]}
                label={t(`reviewTemplates.raterTypes.${rater}`)}
                rules={[requiredNumber(t)]}
              >
                <InputNumber
                  min={0}
                  max={100}
                  precision={2}
                  suffix="%"
                  style={{ width: '100%' }}
                  data-testid={`rater-weight-${rater}`}
                />
              </Form.Item>
            </Col>
          ))}
        </Row>
        <ErrorLines errors={errorsAt('definition.raterWeights')} />
        <Row gutter={12}>
          <Col xs={24} md={6}>
            <Form.Item
              name={['definition', 'anonymityMinimum']}
              label={t('reviewTemplates.anonymityMinimum')}
              extra={t('reviewTemplates.anonymityMinimumHelp')}
              rules={[requiredNumber(t)]}
            >
              <InputNumber min={2} max={20} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={5}>
            <Form.Item
              name={['definition', 'nominations', 'min']}
              label={t('reviewTemplates.nominationsMin')}
              extra={t('reviewTemplates.nominationsHelp')}
              rules={[requiredNumber(t)]}
            >
              <InputNumber min={0} max={20} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={5}>
            <Form.Item
              name={['definition', 'nominations', 'max']}
              label={t('reviewTemplates.nominationsMax')}
              rules={[requiredNumber(t)]}
            >
              <InputNumber min={0} max={20} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              name={['definition', 'upwardReviews']}
              valuePropName="checked"
              label={t('reviewTemplates.upwardReviews')}
              extra={t('reviewTemplates.upwardReviewsHelp')}
            >
              <Switch />
            </Form.Item>
          </Col>
        </Row>

        <Typography.Title level={5}>
          {t('reviewTemplates.dimensions')}{' '}
          <WeightSum
            weights={(definition.dimensions ?? []).map((d) => d?.weightBp)}
            testId="dimension-weight-sum"
          />
        </Typography.Title>
        <Form.List name={['definition', 'dimensions']}>
          {(fields, { add, remove }) => (
            <Space orientation="vertical" style={{ width: '100%' }}>
              {fields.map((field, index) => {
                const dimension = definition.dimensions?.[index];
                const isAttainment = dimension?.source === 'attainment';
                return (
                  <Card
                    key={field.key}
                    size="small"
                    title={t('reviewTemplates.dimension', { n: index + 1 })}
                    extra={
                      fields.length > 1 && (
                        <Button
                          type="text"
                          icon={<MinusCircleOutlined />}
                          onClick={() => remove(field.name)}
                          aria-label={t('reviewTemplates.removeDimension')}
                        />
                      )
                    }
                  >
                    <Form.Item name={[field.name, 'key']} hidden>
                      <Input />
                    </Form.Item>
                    <Row gutter={12}>
                      <Col xs={24} md={8}>
                        <Form.Item
                          name={[field.name, 'name']}
                          label={t('reviewTemplates.dimensionName')}
                          rules={[required(t)]}
                        >
                          <Input
                            maxLength={100}
                            placeholder={template ? undefined : t('reviewTemplates.namePlaceholder')}
                          />
                        </Form.Item>
                      </Col>
                      <Col xs={12} md={4}>
                        <Form.Item
                          name={[field.name, 'weightBp']}
                          label={t('reviewTemplates.weight')}
                          rules={[requiredNumber(t)]}
                        >
                          <InputNumber
                            min={0}
                            max={100}
                            precision={2}
                            suffix="%"
                            style={{ width: '100%' }}
                            data-testid={`dimension-weight-${index}`}
                          />
                        </Form.Item>
                      </Col>
                      <Col xs={24} md={7}>
                        <Form.Item name={[field.name, 'source']} label={t('reviewTemplates.source')}>
                          <Radio.Group
                            optionType="button"
                            options={(['ratings', 'attainment'] as const).map((s) => ({
                              value: s,
                              label: t(`reviewTemplates.sources.${s}`),
                            }))}
                          />
                        </Form.Item>
                      </Col>
                      {isAttainment && (
                        <Col xs={12} md={5}>
                          <Form.Item
                            name={[field.name, 'attainmentCap']}
                            label={t('reviewTemplates.attainmentCap')}
                            rules={[requiredNumber(t)]}
                          >
                            <InputNumber
                              min={10}
                              max={1000}
                              precision={2}
                              suffix="%"
                              style={{ width: '100%' }}
                            />
                          </Form.Item>
                        </Col>
                      )}
                    </Row>
                    {isAttainment ? (
                      <Typography.Paragraph type="secondary">
                        {t('reviewTemplates.attainmentHelp')}
                      </Typography.Paragraph>
                    ) : (
                      <ItemList
                        dimensionField={field.name}
                        dimensionIndex={index}
                        items={dimension?.items ?? []}
                        scale={definition.scale ?? []}
                        levels={levels}
                        path={`definition.dimensions.${index}.items`}
                        errorsAt={errorsAt}
                      />
                    )}
                  </Card>
                );
              })}
              <ErrorLines errors={errorsAt('definition.dimensions')} />
              <Button
                icon={<PlusOutlined />}
                onClick={() =>
                  add({
                    key: newKey('d'),
                    name: '',
                    weightBp: 0,
                    source: 'ratings',
                    attainmentCap: 100,
                    items: [
                      { key: newKey('i'), name: '', description: '', weightBp: 100, customAnchors: false },
                    ],
                  } satisfies DimensionValues)
                }
              >
                {t('reviewTemplates.addDimension')}
              </Button>
            </Space>
          )}
        </Form.List>
      </Form>
    </Card>
  );
}

/** The items of a rated dimension: name, description, weight and, optionally, anchors of their own per level. */
function ItemList(props: {
  dimensionField: number;
  dimensionIndex: number;
  items: readonly (ItemValues | undefined)[];
  scale: readonly LevelValues[];
  levels: number;
  /** `definition.dimensions.<n>.items`, where the server's errors about this list point. */
  path: string;
  errorsAt: (path: string) => string[];
}) {
  const { t } = useTranslation();
  return (
    <>
      <Typography.Text strong>
        {t('reviewTemplates.items')}{' '}
        <WeightSum
          weights={props.items.map((i) => i?.weightBp)}
          testId={`item-weight-sum-${props.dimensionIndex}`}
        />
      </Typography.Text>
      <Form.List name={[props.dimensionField, 'items']}>
        {(fields, { add, remove }) => (
          <div style={{ marginTop: 8 }}>
            {fields.map((field, index) => {
              const item = props.items[index];
              return (
                <div
                  key={field.key}
                  style={{ borderLeft: '2px solid #f0f0f0', paddingLeft: 12, marginBottom: 12 }}
                >
                  <Form.Item name={[field.name, 'key']} hidden>
                    <Input />
                  </Form.Item>
                  <Row gutter={12} align="top">
                    <Col xs={24} md={6}>
                      <Form.Item
                        name={[field.name, 'name']}
                        label={t('reviewTemplates.item', { n: index + 1 })}
                        rules={[required(t)]}
                      >
                        <Input maxLength={200} placeholder={t('reviewTemplates.itemName')} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={11}>
                      <Form.Item name={[field.name, 'description']} label={t('reviewTemplates.description')}>
                        <Input maxLength={1000} />
                      </Form.Item>
                    </Col>
                    <Col xs={10} md={4}>
                      <Form.Item
                        name={[field.name, 'weightBp']}
                        label={t('reviewTemplates.weight')}
                        rules={[requiredNumber(t)]}
                      >
                        <InputNumber
                          min={0}
                          max={100}
                          precision={2}
                          suffix="%"
                          style={{ width: '100%' }}
                          data-testid={`item-weight-${props.dimensionIndex}-${index}`}
                        />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={2}>
                      <Form.Item
                        name={[field.name, 'customAnchors']}
                        valuePropName="checked"
                        label={t('reviewTemplates.customAnchors')}
                      >
                        <Switch size="small" />
                      </Form.Item>
                    </Col>
                    <Col xs={2} md={1} style={{ paddingTop: 30 }}>
                      <Button
                        type="text"
                        icon={<MinusCircleOutlined />}
                        disabled={fields.length <= 1}
                        onClick={() => remove(field.name)}
                        aria-label={t('reviewTemplates.removeItem')}
                      />
                    </Col>
                  </Row>
                  {item?.customAnchors && (
                    <>
                      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
                        {t('reviewTemplates.customAnchorsHelp')}
                      </Typography.Paragraph>
                      {Array.from({ length: props.levels }, (_, level) => (
                        <Form.Item
                          // biome-ignore lint/suspicious/noArrayIndexKey: one field per level of the scale, in order
                          key={level}
                          name={[field.name, 'anchors', level]}
                          label={`${level + 1} · ${props.scale[level]?.label ?? ''}`}
                          style={{ marginBottom: 8 }}
                        >
                          <Input maxLength={500} placeholder={props.scale[level]?.anchor} />
                        </Form.Item>
                      ))}
                      <ErrorLines errors={props.errorsAt(`${props.path}.${index}.anchors`)} />
                    </>
                  )}
                </div>
              );
            })}
            <ErrorLines errors={props.errorsAt(props.path)} />
            <Button
              size="small"
              icon={<PlusOutlined />}
              onClick={() =>
                add({
                  key: newKey('i'),
                  name: '',
                  description: '',
                  weightBp: 0,
                  customAnchors: false,
                } satisfies ItemValues)
              }
            >
              {t('reviewTemplates.addItem')}
            </Button>
          </div>
        )}
      </Form.List>
    </>
  );
}

/**
 * Create or edit a review template (/reviews/templates/new, /reviews/templates/:id). A new one
 * starts from the built-in default in the UI's language; saving a changed definition makes a new
 * version, and rounds already launched keep the one they started with.
 */
export function ReviewTemplateEditor() {
  const { t } = useTranslation();
  const { id } = useParams();
  const existing = useReviewTemplate(id);
  const defaults = useDefaultReviewTemplate(!id);
  const query = id ? existing : defaults;
  if (query.isPending) return <Spin />;
  if (query.isError)
    return <Result status="error" title={t('errors.loadFailed')} subTitle={describeError(query.error, t)} />;
  if (id && existing.data)
    return (
      <TemplateForm
        key={`${id}:${existing.data.etag}`}
        initial={existing.data.data}
        template={existing.data.data}
        etag={existing.data.etag}
      />
    );
  return defaults.data ? <TemplateForm key="new" initial={defaults.data} /> : <Spin />;
}
