import { ruleTester } from '../../support/rule-tester';

const BAD = `import torchvision\n\nmodel = torchvision.models.resnet50()\n`;

/** A tagging head over BERT (JointBERT's shape, review 91): a class deriving from `base`, built by `build`. */
const TAGGER = (base: string, build: string): string =>
  `import torch\nimport torch.nn as nn\nfrom transformers import BertPreTrainedModel, BertModel\n\ntorch.manual_seed(0)\n\n\nclass BertTagger(${base}):\n    def __init__(self, config):\n        super().__init__(${base === 'nn.Module' ? '' : 'config'})\n        self.bert = BertModel(config)\n        self.classifier = nn.Linear(config.hidden_size, config.num_labels)\n\n    def forward(self, input_ids):\n        return self.classifier(self.bert(input_ids)[0])\n\n\nmodel = ${build}\noptimizer = torch.optim.AdamW(model.parameters(), lr=5e-5)\n`;

/** A model file that builds a torchvision network in `where` (a `__main__` block or a function) and does `use` with it. */
const DEMO = (where: string, use: string, imports = ''): string =>
  `import torch\nimport torchvision\n${imports}\n\nclass LR_Scheduler(object):\n    def __init__(self, optimizer):\n        self.optimizer = optimizer\n\n    def step(self):\n        for g in self.optimizer.param_groups:\n            g['lr'] *= 0.9\n\n\n${where}\n    model = torchvision.models.resnet50()\n${use}`;

ruleTester('NR406', {
  valid: [
    { name: "segmentation_models_pytorch's default encoder weights are ImageNet's (`smp.Unet()`; review 129)", code: 'import segmentation_models_pytorch as smp\n\nmodel = smp.Unet(encoder_name="resnet34", classes=1)\nfpn = smp.FPN("efficientnet-b0", encoder_weights="imagenet")\nother = smp.create_model("DeepLabV3Plus", encoder_weights=ENCODER_WEIGHTS)\n', stage: 4 },
    {
      name: "a network built in a model file's `__main__` block only to plot an LR schedule (SimSiam's lr_scheduler.py; review 113)",
      code: DEMO('if __name__ == "__main__":', '    optimizer = torch.optim.SGD(model.parameters(), lr=999)\n    scheduler = LR_Scheduler(optimizer)\n    lrs = [scheduler.step() for _ in range(100)]\n    print(lrs, model)\n'),
      stage: 4,
    },
    {
      name: "a network handed only to a library's summary imported by name (`from torchsummary import summary`)",
      code: DEMO('def test():', '    summary(model, (3, 224, 224))\n', 'from torchsummary import summary\n'),
      stage: 4,
    },
    {
      name: "a network built in a function only to count its parameters (a model file's `test()`; review 113)",
      code: DEMO('def test():', '    print(sum(p.numel() for p in model.parameters() if p.requires_grad))\n    print(model(torch.randn(1, 3, 224, 224)).shape)\n'),
      stage: 4,
    },
    {
      name: "the backbone a BertPreTrainedModel subclass declares from its config (the subclass's from_pretrained loads it; Hugging Face's own heads, JointBERT; review 91)",
      code: TAGGER('BertPreTrainedModel', 'BertTagger.from_pretrained("bert-base-cased", num_labels=9)'),
      stage: 4,
    },
    {
      name: "a backbone's weights named, or from a value the analysis cannot read (torchvision references: weights_backbone=args.weights_backbone)",
      code: `import torchvision\n\nseg = torchvision.models.get_model("fcn_resnet50", weights=None, weights_backbone="ResNet50_Weights.IMAGENET1K_V1", num_classes=21)\nseg2 = torchvision.models.get_model("fcn_resnet50", weights_backbone=args.weights_backbone, num_classes=21)\n`,
      stage: 4,
    },
    {
      name: "hard negative: Hugging Face classes named like models that are not (DataCollatorForSeq2Seq, DataCollatorForLanguageModeling, Seq2SeqTrainer)",
      code: `from transformers import AutoModelForSeq2SeqLM, DataCollatorForLanguageModeling, DataCollatorForSeq2Seq, Seq2SeqTrainer\n\nmodel = AutoModelForSeq2SeqLM.from_pretrained("t5-small")\ncollator = DataCollatorForSeq2Seq(tokenizer=tokenizer, padding=True)\nmlm = DataCollatorForLanguageModeling(tokenizer=tokenizer)\ntrainer = Seq2SeqTrainer(model=model, data_collator=collator)\ntrainer.train()\n`,
      stage: 4,
    },
    {
      name: 'a self-supervised model trains its encoder from scratch by design (SimCLR)',
      code: `import torch.nn as nn\nimport torchvision.models as models\n\n\nclass ResNetSimCLR(nn.Module):\n    def __init__(self, out_dim):\n        super().__init__()\n        self.backbone = models.resnet18(num_classes=out_dim)\n`,
      stage: 4,
    },
    { name: 'pretrained weights', code: `import torchvision\n\nmodel = torchvision.models.resnet50(weights="DEFAULT")\n`, stage: 4 },
    { name: 'a weights enum', code: `from torchvision.models import ResNet18_Weights, resnet18\n\nmodel = resnet18(weights=ResNet18_Weights.IMAGENET1K_V1)\n`, stage: 4 },
    { name: 'legacy pretrained=True', code: `from torchvision import models\n\nmodel = models.vgg16(pretrained=True)\n`, stage: 5 },
    { name: 'weights from a variable that cannot be read', code: `from torchvision import models\n\nmodel = models.resnet18(weights=args.weights)\n`, stage: 4 },
    { name: 'a timm model with pretrained weights', code: `import timm\n\nmodel = timm.create_model("resnet50", pretrained=True, num_classes=10)\n`, stage: 4 },
    { name: 'a Hugging Face model from a checkpoint', code: `from transformers import AutoModelForSequenceClassification\n\nmodel = AutoModelForSequenceClassification.from_pretrained("bert-base-uncased", num_labels=2)\n`, stage: 4 },
    { name: 'weights loaded from a checkpoint afterwards', code: `import torch\nimport torchvision\n\nmodel = torchvision.models.resnet50()\nmodel.load_state_dict(torch.load("simclr.pt"))\n`, stage: 4 },
    { name: 'from scratch behind a flag', code: `import torchvision\n\nmodel = torchvision.models.resnet50() if args.scratch else torchvision.models.resnet50(weights="DEFAULT")\n`, stage: 4 },
    { name: 'detection models load an ImageNet backbone by default', code: `from torchvision.models.detection import fasterrcnn_resnet50_fpn\n\nmodel = fasterrcnn_resnet50_fpn(num_classes=3)\n`, stage: 4 },
    { name: 'torchvision helpers that are not models', code: `import torchvision\n\nnames = torchvision.models.list_models()\n`, stage: 4 },
    { name: 'stage 3: the simplest architecture from scratch is fine', code: BAD, stage: 3 },
    { name: 'stage unknown', code: BAD },
  ],
  invalid: [
    {
      name: 'segmentation_models_pytorch built with `encoder_weights=None`',
      code: 'import segmentation_models_pytorch as smp\n\nmodel = smp.DeepLabV3Plus(encoder_name="resnet101", encoder_weights=None, classes=4)\n',
      stage: 4,
      errors: [{ line: 3, text: 'smp.DeepLabV3Plus(encoder_name="resnet101", encoder_weights=None, classes=4)', message: 'DeepLabV3Plus is built without them and trains from scratch; pass `encoder_weights="imagenet"`' }],
      output: 'import segmentation_models_pytorch as smp\n\nmodel = smp.DeepLabV3Plus(encoder_name="resnet101", encoder_weights="imagenet", classes=4)\n',
    },
    {
      name: 'hard negative: the function hands the network it builds back (a builder the training script calls)',
      code: DEMO('def build():', '    return model\n'),
      stage: 4,
      errors: [{ line: 15, text: 'torchvision.models.resnet50()' }],
      output: DEMO('def build():', '    return model\n').replace('resnet50()', 'resnet50(weights="DEFAULT")'),
    },
    {
      name: "hard negative: the `__main__` block hands the network to another project file's training function",
      code: DEMO('if __name__ == "__main__":', '    train(model, loader)\n', 'from engine import train\n'),
      files: { 'engine.py': 'def train(model, loader):\n    for x, y in loader:\n        model(x).sum().backward()\n' },
      stage: 4,
      errors: [{ line: 16, text: 'torchvision.models.resnet50()' }],
      output: DEMO('if __name__ == "__main__":', '    train(model, loader)\n', 'from engine import train\n').replace('resnet50()', 'resnet50(weights="DEFAULT")'),
    },
    {
      name: 'hard negative: a `__main__` block that trains the network',
      code: DEMO('if __name__ == "__main__":', '    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)\n    for x, y in loader:\n        optimizer.zero_grad()\n        torch.nn.functional.cross_entropy(model(x), y).backward()\n        optimizer.step()\n'),
      stage: 4,
      errors: [{ line: 15, text: 'torchvision.models.resnet50()' }],
      output: DEMO('if __name__ == "__main__":', '    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)\n    for x, y in loader:\n        optimizer.zero_grad()\n        torch.nn.functional.cross_entropy(model(x), y).backward()\n        optimizer.step()\n').replace('resnet50()', 'resnet50(weights="DEFAULT")'),
    },
    {
      name: 'hard negative: the same backbone in a plain nn.Module, which nothing loads',
      code: TAGGER('nn.Module', 'BertTagger(config)'),
      stage: 4,
      errors: [{ line: 11, text: 'BertModel(config)', message: 'BertModel is built without them' }],
    },
    {
      name: 'torchvision model without weights, stage 4',
      code: BAD,
      stage: 4,
      errors: [{ line: 3, text: 'torchvision.models.resnet50()', message: 'In stage 4 (regularize), start from pretrained weights: resnet50 is built without them' }],
      output: `import torchvision\n\nmodel = torchvision.models.resnet50(weights="DEFAULT")\n`,
    },
    {
      name: 'weights=None replaced',
      code: `from torchvision.models import efficientnet_b0\n\nmodel = efficientnet_b0(weights=None, progress=False)\n`,
      stage: 5,
      errors: [{ message: 'In stage 5 (tune)' }],
      output: `from torchvision.models import efficientnet_b0\n\nmodel = efficientnet_b0(weights="DEFAULT", progress=False)\n`,
    },
    {
      name: 'legacy pretrained=False replaced by weights="DEFAULT"',
      code: `from torchvision import models\n\nmodel = models.resnet18(pretrained=False)\n`,
      stage: 4,
      errors: [{ text: 'models.resnet18(pretrained=False)' }],
      output: `from torchvision import models\n\nmodel = models.resnet18(weights="DEFAULT")\n`,
    },
    {
      name: 'num_classes that does not fit the pretrained head: no fix, advice to replace the head',
      code: `import torchvision\n\nmodel = torchvision.models.resnet18(num_classes=10)\n`,
      stage: 4,
      errors: [{ message: 'replace the classifier head' }],
    },
    {
      name: 'timm without pretrained',
      code: `import timm\n\nmodel = timm.create_model("convnext_tiny", num_classes=10)\n`,
      stage: 6,
      errors: [{ message: 'convnext_tiny is built without them' }],
      output: `import timm\n\nmodel = timm.create_model("convnext_tiny", num_classes=10, pretrained=True)\n`,
    },
    {
      name: 'a Hugging Face model from a config',
      code: `from transformers import AutoConfig, AutoModelForCausalLM\n\nconfig = AutoConfig.from_pretrained("gpt2")\nmodel = AutoModelForCausalLM.from_config(config)\n`,
      stage: 4,
      errors: [{ text: 'AutoModelForCausalLM.from_config(config)', message: 'from_pretrained' }],
    },
  ],
});
